import { InvalidParameterError } from "../errors";
import type { Caller, ServiceDeps } from "../service/ServiceDeps";
import { type DecryptedObjectInfo, decryptObject } from "./decryptObject";
import type { ObjectStore } from "./ObjectStore";

/** Where an encrypted object is stored. */
export interface StoredObjectLocation {
  readonly objects: ObjectStore;
  readonly bucket: string;
  readonly key: string;
}

/**
 * Downloads an encrypted object and decrypts it, streaming, for the account that owns it (DESIGN section 9): the
 * library function behind the CLI's `decrypt-object`. The object must still be under the key it was encrypted
 * for. See decryptObject for the guarantees and for what `read` receives.
 * @throws InvalidParameterError (`ObjectKey`) when there is no such object; everything decryptObject throws
 *   (KeyNotFoundError for another account's object, InvalidCiphertextError for a damaged or moved one).
 */
export async function decryptStoredObject<T>(
  deps: ServiceDeps,
  caller: Caller,
  location: StoredObjectLocation,
  read: (plaintext: AsyncIterable<Uint8Array>, info: DecryptedObjectInfo) => Promise<T>,
): Promise<T> {
  const stored = await location.objects.get(location.bucket, location.key);
  /* Precondition: the encrypted object exists. */
  if (!stored) throw new InvalidParameterError("ObjectKey", "There is no such object in the bucket.");
  try {
    return await decryptObject(
      deps,
      caller,
      { ciphertext: stored.body, expectedObjectKey: location.key },
      read,
    );
  } finally {
    stored.close();
  }
}
