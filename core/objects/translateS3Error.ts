import { KmsError, ServiceUnavailableError } from "../errors";

/** Whether an S3 SDK error says the object (not the bucket) does not exist. */
export function isMissingObject(error: unknown): boolean {
  const name = (error as { name?: unknown } | undefined)?.name;
  return name === "NoSuchKey" || name === "NotFound" || name === "NoSuchVersion";
}

/**
 * Turns an S3 SDK failure into a KmsError (STYLE rule 10): ServiceUnavailableError naming the operation and the
 * S3 error code (safe to show; the SDK error stays only as the cause). A KmsError passes through unchanged.
 */
export function translateS3Error(operation: string, error: unknown): KmsError {
  if (error instanceof KmsError) return error;
  const name = (error as { name?: unknown } | undefined)?.name;
  const code = typeof name === "string" && /^[A-Za-z0-9.]{1,64}$/.test(name) ? name : "UnknownError";
  return new ServiceUnavailableError(`the object store failed (${operation}: ${code}).`, { cause: error });
}
