import { ConcurrentModificationError } from "../errors";

/**
 * A conditional write lost: the stored revision was not the one the caller read. Services re-read and retry;
 * when retries run out it reaches the caller as 409 Rejected.ConcurrentModification.
 */
export class RevisionConflictError extends ConcurrentModificationError {}
