import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { InternalFailureError, isKmsError, type KmsError } from "../../core/errors";

/** The content type of every Keyward response (reference section 8). */
export const JSON_CONTENT_TYPE = "application/json;charset=utf-8";

/** A KmsError as it is answered: itself, or InternalFailure for anything else (whose cause is never shown). */
export function toKmsError(error: unknown): KmsError {
  return isKmsError(error) ? error : new InternalFailureError({ cause: error });
}

/**
 * The HTTP response of an error in the Alibaba POP format (reference section 5):
 * `{"RequestId","HostId","Code","Message","Recommend"}` with the error's HTTP status. A non-KmsError becomes
 * `500 InternalFailure` with the fixed message `Internal Failure.`; nothing of it is echoed.
 */
export function errorResponse(
  error: unknown,
  requestId: string,
  hostId: string,
): APIGatewayProxyStructuredResultV2 {
  const kmsError = toKmsError(error);
  return {
    statusCode: kmsError.httpStatus,
    headers: { "content-type": JSON_CONTENT_TYPE, "x-acs-request-id": requestId },
    body: JSON.stringify({
      RequestId: requestId,
      HostId: hostId,
      Code: kmsError.code,
      Message: kmsError.message,
      Recommend: `See the Errors section of the Keyward README for ${kmsError.code} (request ${requestId}).`,
    }),
  };
}
