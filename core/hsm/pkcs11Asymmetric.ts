import { InternalFailureError, InvalidParameterError, RejectedUnsupportedOperationError } from "../errors";
import type { EncryptionAlgorithm, SigningAlgorithm } from "../keys/types";
import { ecdsaDerToRaw, ecdsaRawToDer } from "./ecdsaSignature";
import type { HsmCapabilities } from "./HsmDriver";
import { initialiseMechanism, type Pkcs11ErrorContext, pkcs11ReturnValue } from "./mapPkcs11Error";
import type { HsmKeyObject } from "./Pkcs11ObjectDirectory";
import type { Pkcs11Token } from "./Pkcs11Token";
import {
  assertSigningKey,
  oaepHashOf,
  oaepMechanism,
  pkcs11Buffer,
  signingMechanism,
} from "./pkcs11Mechanisms";

/** Room for any RSA result up to 4096-bit keys, and for raw ECDSA signatures. */
const OUTPUT_BYTES = 512;
const SHA256_BYTES = 32;

/** How a failure of each operation is read (mapPkcs11Error), built once. */
const DECRYPT_CONTEXT: Pkcs11ErrorContext = { operation: "decrypt", decrypting: true };
const SIGN_CONTEXT: Pkcs11ErrorContext = { operation: "sign" };
const VERIFY_CONTEXT: Pkcs11ErrorContext = { operation: "verify" };

function assertDigest(digest: Uint8Array): void {
  /* Precondition: the digest is a SHA-256 digest, 32 bytes. */
  if (digest.length !== SHA256_BYTES)
    throw new InvalidParameterError("Digest", "It must be a 32-byte SHA-256 digest.");
}

function curveOf(key: HsmKeyObject) {
  /* Precondition: an EC key is on a curve Keyward serves (P-256 or secp256k1). */
  if (!key.curve) throw new InternalFailureError({ cause: "HSM EC key on a curve Keyward does not serve" });
  return key.curve;
}

/**
 * RSA-OAEP decryption in the HSM (CKM_RSA_PKCS_OAEP, RFC 8017 section 7.1.2) with the algorithm's hash for OAEP
 * and MGF1. SoftHSM 2.6 offers SHA-1 only: an algorithm whose hash the capabilities lack is refused up front.
 * @throws RejectedUnsupportedOperationError for a hash the HSM lacks; InvalidCiphertextError when the ciphertext
 *   does not decrypt.
 */
export async function oaepDecrypt(
  token: Pkcs11Token,
  label: string,
  algorithm: EncryptionAlgorithm,
  ciphertext: Uint8Array,
  capabilities: HsmCapabilities,
): Promise<Uint8Array> {
  const hash = oaepHashOf(algorithm);
  const mechanism = `CKM_RSA_PKCS_OAEP with ${hash === "SHA_1" ? "SHA-1" : "SHA-256"}`;
  /* Precondition: the HSM decrypts OAEP with the algorithm's hash. */
  if (!capabilities.rsaOaepHashes.includes(hash)) {
    throw new RejectedUnsupportedOperationError(`The HSM does not support ${algorithm} (${mechanism}).`);
  }
  const output = Buffer.alloc(OUTPUT_BYTES);
  try {
    const plaintext = await token.withObject(label, "private", DECRYPT_CONTEXT, async (key, session) => {
      /* Precondition: RSA-OAEP runs on an RSA private key. */
      if (key.keyType !== "rsa")
        throw new InvalidParameterError("Algorithm", `${algorithm} does not apply to this key.`);
      initialiseMechanism(mechanism, () =>
        token.module.C_DecryptInit(session, oaepMechanism(hash), key.handle),
      );
      return token.module.C_DecryptAsync(session, pkcs11Buffer(ciphertext), output);
    });
    return new Uint8Array(plaintext);
  } finally {
    output.fill(0);
  }
}

/**
 * Signs a SHA-256 digest in the HSM (signingMechanism names the mechanisms). RSA signatures are returned raw,
 * ECDSA signatures as DER, low-S on secp256k1 (DESIGN section 3).
 * @throws InvalidParameterError for a digest that is not 32 bytes or an algorithm of another key type.
 */
export async function signDigest(
  token: Pkcs11Token,
  label: string,
  algorithm: SigningAlgorithm,
  digest: Uint8Array,
): Promise<Uint8Array> {
  assertDigest(digest);
  const signing = signingMechanism(algorithm);
  return await token.withObject(label, "private", SIGN_CONTEXT, async (key, session) => {
    assertSigningKey(signing, key.keyType, algorithm);
    initialiseMechanism(signing.name, () => token.module.C_SignInit(session, signing.mechanism, key.handle));
    const signature = await token.module.C_SignAsync(
      session,
      signing.input(digest),
      Buffer.alloc(OUTPUT_BYTES),
    );
    return key.keyType === "ec" ? ecdsaRawToDer(signature, curveOf(key)) : new Uint8Array(signature);
  });
}

/**
 * Verifies a signature over a SHA-256 digest with the public half in the HSM. A signature that does not verify,
 * has the wrong length, or is not strict DER (ECDSA) yields false.
 * @throws InvalidParameterError for a digest that is not 32 bytes or an algorithm of another key type.
 */
export async function verifyDigest(
  token: Pkcs11Token,
  label: string,
  algorithm: SigningAlgorithm,
  digest: Uint8Array,
  signature: Uint8Array,
): Promise<boolean> {
  assertDigest(digest);
  const signing = signingMechanism(algorithm);
  return await token.withObject(label, "public", VERIFY_CONTEXT, async (key, session) => {
    assertSigningKey(signing, key.keyType, algorithm);
    const raw = key.keyType === "ec" ? ecdsaDerToRaw(signature, curveOf(key)) : signature;
    if (raw === undefined) return false;
    initialiseMechanism(signing.name, () =>
      token.module.C_VerifyInit(session, signing.mechanism, key.handle),
    );
    try {
      return await token.module.C_VerifyAsync(session, signing.input(digest), pkcs11Buffer(raw));
    } catch (error) {
      const ckr = pkcs11ReturnValue(error);
      if (ckr === "CKR_SIGNATURE_INVALID" || ckr === "CKR_SIGNATURE_LEN_RANGE") return false;
      throw error;
    }
  });
}
