import { ServiceUnavailableError } from "../errors";

/**
 * The body, checked to hold exactly the size S3 announced: a download cut short must fail the record, never
 * produce a shorter encrypted object that decrypts cleanly.
 * @throws ServiceUnavailableError when the body is shorter or longer than `size`.
 */
export async function* exactLength(
  body: AsyncIterable<Uint8Array>,
  size: number,
): AsyncGenerator<Uint8Array> {
  let received = 0;
  for await (const chunk of body) {
    received += chunk.length;
    /* Precondition: the download is not longer than the object. */
    if (received > size) throw new ServiceUnavailableError("the inbox object grew while it was read.");
    yield chunk;
  }
  /* Precondition: the download holds the whole object. */
  if (received !== size) throw new ServiceUnavailableError("the inbox object was not read to its end.");
}
