import { InternalFailureError, isKmsError, type KmsError, ServiceUnavailableError } from "../errors";

/** The DynamoDB operations the store makes; `onCall` hooks receive these names. */
export type StoreOperation =
  | "GetItem"
  | "PutItem"
  | "UpdateItem"
  | "DeleteItem"
  | "Query"
  | "Scan"
  | "CreateTable"
  | "DescribeTable";

/** Errors that say our request itself is wrong (a bug, e.g. an item over 400 KB): retrying cannot help. */
const REQUEST_ERRORS = new Set(["ValidationException", "SerializationException"]);

/** The SDK's name of a failed conditional write (the `name` of its ConditionalCheckFailedException). */
export const CONDITIONAL_CHECK_FAILED = "ConditionalCheckFailedException";

/** Whether an SDK error is a failed write condition. */
export function isConditionalCheckFailed(error: unknown): boolean {
  return errorName(error) === CONDITIONAL_CHECK_FAILED;
}

/**
 * Turns whatever a DynamoDB call threw into a KmsError (STYLE rule 10: adapters translate), keeping the SDK error
 * as `cause` for the logs:
 * - a failed write condition becomes `onConditionFailed()` (the domain error of that write), when given;
 * - ValidationException / SerializationException (our request is malformed: a bug) become InternalFailureError;
 * - everything else (network, timeouts, throttling, a missing table, unknown errors) becomes
 *   ServiceUnavailableError (503), which says "try again later";
 * - a KmsError passes through unchanged.
 */
export function translateStoreError(
  error: unknown,
  operation: StoreOperation,
  onConditionFailed?: () => KmsError,
): KmsError {
  if (isKmsError(error)) return error;
  if (onConditionFailed && isConditionalCheckFailed(error)) return onConditionFailed();
  const name = errorName(error);
  if (name && REQUEST_ERRORS.has(name)) return new InternalFailureError({ cause: error });
  return new ServiceUnavailableError(`the key store did not complete ${operation}.`, { cause: error });
}

function errorName(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const name = (error as { name?: unknown }).name;
  return typeof name === "string" ? name : undefined;
}
