import { ConcurrentModificationError, InternalFailureError, KmsError } from "../errors";

/**
 * A conditional write lost: the stored revision was not the one the caller read. Services re-read and retry;
 * when retries run out it reaches the caller as 409 Rejected.ConcurrentModification.
 */
export class RevisionConflictError extends ConcurrentModificationError {}

/**
 * `KeyRepository.create` found the key id taken. Key ids are random UUIDs the service draws, so this is a bug or
 * an astronomically rare collision, never the caller's fault: callers see 500 InternalFailure; a service may catch
 * it and retry with a new id.
 */
export class KeyAlreadyExistsError extends InternalFailureError {}

/** 409 `EntityAlreadyExists.AccessKey`: `AccessKeyRepository.create` found the AccessKey id taken. */
export class AccessKeyAlreadyExistsError extends KmsError {
  constructor() {
    super("EntityAlreadyExists.AccessKey", 409, "The specified AccessKey already exists.");
  }
}

/**
 * A stored item that does not decode (missing or mistyped attribute, unknown schema version, or an item that is
 * not the one asked for). Callers see 500 InternalFailure; `itemType` and `attribute` name the defect for the
 * logs. The attribute's value is never included (it may be wrapped key material).
 */
export class CorruptItemError extends InternalFailureError {
  readonly itemType: string;
  readonly attribute: string;

  constructor(itemType: string, attribute: string) {
    super();
    this.itemType = itemType;
    this.attribute = attribute;
  }
}
