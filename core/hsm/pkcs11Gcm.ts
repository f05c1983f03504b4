import type { SealedData } from "../crypto/CryptoProvider";
import { InternalFailureError, InvalidCiphertextError, InvalidParameterError } from "../errors";
import { initialiseMechanism } from "./mapPkcs11Error";
import type { Pkcs11Token } from "./Pkcs11Token";
import { aesGcmMechanism, GCM_IV_BYTES, GCM_TAG_BYTES, pkcs11Buffer } from "./pkcs11Mechanisms";

const MECHANISM = "CKM_AES_GCM";

function assertAesKey(keyType: string): void {
  /* Precondition: AES-GCM runs on an AES secret key. */
  if (keyType !== "aes") throw new InvalidParameterError("KeyId", "The HSM object is not an AES key.");
}

/**
 * AES-GCM encryption in the HSM (CKM_AES_GCM, NIST SP 800-38D; 96-bit IV, 128-bit tag; DESIGN section 4).
 * SoftHSM takes the caller's IV; AWS CloudHSM ignores it and writes the IV it generated into the IV buffer of the
 * CK_GCM_PARAMS (pkcs11js passes the Buffer's own memory), so with `hsmMakesIv` the IV is read back from `iv`.
 * @throws InternalFailureError when the output does not have the expected size, or the HSM returned no IV.
 */
export async function gcmEncrypt(
  token: Pkcs11Token,
  label: string,
  plaintext: Uint8Array,
  aad: Uint8Array,
  iv: Buffer,
  hsmMakesIv: boolean,
): Promise<SealedData> {
  /* Precondition: the AES-GCM IV is 12 bytes. */
  if (iv.length !== GCM_IV_BYTES) throw new InvalidParameterError("Iv", "It must be 12 bytes.");
  const sealed = await token.withObject(label, "secret", { operation: "encrypt" }, async (key, session) => {
    assertAesKey(key.keyType);
    initialiseMechanism(MECHANISM, () =>
      token.module.C_EncryptInit(session, aesGcmMechanism(iv, pkcs11Buffer(aad)), key.handle),
    );
    return token.module.C_EncryptAsync(
      session,
      pkcs11Buffer(plaintext),
      Buffer.alloc(plaintext.length + GCM_TAG_BYTES),
    );
  });
  /* Postcondition: the HSM returns ciphertext ‖ 16-byte tag, as long as the plaintext plus the tag. */
  if (sealed.length !== plaintext.length + GCM_TAG_BYTES) {
    throw new InternalFailureError({
      cause: `AES-GCM output of ${sealed.length} bytes for ${plaintext.length}`,
    });
  }
  /* Postcondition: an HSM that generates IVs wrote one (an all-zero IV means it did not). */
  if (hsmMakesIv && iv.every((byte) => byte === 0)) {
    throw new InternalFailureError({ cause: "the HSM did not return the AES-GCM IV it generated" });
  }
  return {
    nonce: new Uint8Array(iv),
    ciphertext: new Uint8Array(sealed.subarray(0, plaintext.length)),
    tag: new Uint8Array(sealed.subarray(plaintext.length)),
  };
}

/**
 * AES-GCM decryption in the HSM. A wrong tag, IV or AAD fails authentication: SoftHSM answers
 * CKR_GENERAL_ERROR, other HSMs CKR_ENCRYPTED_DATA_INVALID; both become InvalidCiphertextError.
 * @throws InvalidCiphertextError also when the nonce is not 12 bytes or the tag not 16.
 */
export async function gcmDecrypt(
  token: Pkcs11Token,
  label: string,
  sealed: SealedData,
  aad: Uint8Array,
): Promise<Uint8Array> {
  /* Precondition: a sealed AES-GCM message has a 12-byte nonce and a 16-byte tag. */
  if (sealed.nonce.length !== GCM_IV_BYTES || sealed.tag.length !== GCM_TAG_BYTES)
    throw new InvalidCiphertextError();
  const input = Buffer.concat([sealed.ciphertext, sealed.tag]);
  // SoftHSM wants room for the whole input (it answers CKR_BUFFER_TOO_SMALL for ciphertext length only).
  const output = Buffer.alloc(input.length);
  try {
    const plaintext = await token.withObject(
      label,
      "secret",
      { operation: "decrypt", decrypting: true },
      async (key, session) => {
        assertAesKey(key.keyType);
        initialiseMechanism(MECHANISM, () =>
          token.module.C_DecryptInit(
            session,
            aesGcmMechanism(Buffer.from(sealed.nonce), pkcs11Buffer(aad)),
            key.handle,
          ),
        );
        return token.module.C_DecryptAsync(session, input, output);
      },
    );
    /* Postcondition: the plaintext is exactly as long as the ciphertext. */
    if (plaintext.length !== sealed.ciphertext.length) {
      throw new InternalFailureError({ cause: `AES-GCM plaintext of ${plaintext.length} bytes` });
    }
    return new Uint8Array(plaintext);
  } finally {
    output.fill(0);
  }
}
