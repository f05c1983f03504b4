import { sm2 } from "sm-crypto-v2";
import { InternalFailureError } from "../../errors";
import { bigIntToBytes } from "./bigIntBytes";
import { EC_CURVES } from "./ecCurves";
import { decodeEcSignature, encodeEcSignature } from "./ecdsaSignature";
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
 * r, s range-checked here (steps B1-B2: sm-crypto-v2 checks neither strictly); the point arithmetic is sm-crypto-v2.
 * @returns false for a malformed or wrong signature.
 * @throws InternalFailureError when the public key is not a valid SM2 key.
 */
export function sm2VerifyDigest(publicKeyPem: string, digest: Uint8Array, signature: Uint8Array): boolean {
  const point = readEcPublicKey("EC_SM2", publicKeyPem, () => new InternalFailureError());
  let rs: string;
  try {
    const { r, s } = decodeEcSignature(SM2, signature, () => new InternalFailureError());
    rs = Buffer.concat([bigIntToBytes(r, 32), bigIntToBytes(s, 32)]).toString("hex");
  } catch {
    return false;
  }
  try {
    return sm2.doVerifySignature(digest, rs, Buffer.from(point).toString("hex"), { hash: false });
  } catch {
    return false;
  }
}
