import { sm2 } from "sm-crypto-v2";
import { InternalFailureError } from "../../errors";
import { bytesToBigInt, mod } from "./bigIntBytes";
import { EC_CURVES } from "./ecCurves";
import { decodeEcSignature, encodeEcSignature } from "./ecdsaSignature";
import { xOfLinearCombination } from "./ecLinearCombination";
import { decodeEcPrivateKey } from "./ecPrivateKey";
import { readEcPublicKey } from "./ecPublicKey";

const SM2 = EC_CURVES.EC_SM2;

/**
 * SM2DSA signature over a digest the caller computed, e = SM3(Z_A ‖ M) (GB/T 32918.2-2016 section 6.1 from step A3;
 * see `sm2SigningDigest`), DER encoded (GM/T 0009). sm-crypto-v2 with `hash: false` takes the given bytes as e.
 *
 * The private scalar passes to sm-crypto-v2 as a hex string, which JavaScript cannot wipe.
 * @throws InternalFailureError when the material is not an SM2 PKCS#8 key.
 */
export function sm2SignDigest(privateKey: Uint8Array, digest: Uint8Array): Uint8Array {
  const scalarHex = Buffer.from(decodeEcPrivateKey(SM2, privateKey)).toString("hex");
  let raw: string;
  try {
    raw = sm2.doSignature(digest, scalarHex, { hash: false });
  } catch (cause) {
    throw new InternalFailureError({ cause });
  }
  /* Postcondition: sm-crypto-v2 returned r ‖ s as 2 × 64 hex digits. */
  if (!/^[0-9a-f]{128}$/.test(raw)) throw new InternalFailureError();
  return encodeEcSignature(SM2, { r: BigInt(`0x${raw.slice(0, 64)}`), s: BigInt(`0x${raw.slice(64)}`) });
}

/**
 * SM2DSA verification over a given digest e (GB/T 32918.2-2016 section 7.1 from step B3). The DER is decoded and
 * r, s range-checked here (steps B1-B2); t = (r + s) mod n must not be 0 (B5); x1 of s·G + t·P_A comes from OpenSSL
 * (xOfLinearCombination, B6), and the signature holds when (e + x1) mod n = r (B7).
 * @returns false for a malformed or wrong signature.
 * @throws InternalFailureError when the public key is not a valid SM2 key.
 */
export function sm2VerifyDigest(publicKeyPem: string, digest: Uint8Array, signature: Uint8Array): boolean {
  const point = readEcPublicKey("EC_SM2", publicKeyPem, () => new InternalFailureError());
  let r: bigint;
  let s: bigint;
  try {
    ({ r, s } = decodeEcSignature(SM2, signature, () => new InternalFailureError()));
  } catch {
    return false;
  }
  const t = mod(r + s, SM2.n);
  if (t === 0n) return false;
  const x1 = xOfLinearCombination(SM2, s, t, point);
  return x1 !== undefined && mod(bytesToBigInt(digest) + x1, SM2.n) === r;
}
