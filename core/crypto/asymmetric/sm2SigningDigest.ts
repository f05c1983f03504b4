import { InvalidParameterError } from "../../errors";
import { bigIntToBytes } from "./bigIntBytes";
import { SM2_PARAMS } from "./ecCurves";
import { readEcPublicKey } from "./ecPublicKey";
import { sm3Concat } from "./sm3";

/** The default distinguishing identifier of SM2 signatures (GM/T 0009-2012), used by AsymmetricSign callers. */
export const SM2_DEFAULT_USER_ID = "1234567812345678";

/** The curve constants Z_A hashes (sm2p256v1 unless a test passes the standard's test curve). */
export interface Sm2ZaCurve {
  readonly a: bigint;
  readonly b: bigint;
  readonly gx: bigint;
  readonly gy: bigint;
}

/**
 * Z_A = SM3(ENTL ‖ ID ‖ a ‖ b ‖ Gx ‖ Gy ‖ Px ‖ Py) (GB/T 32918.2-2016 section 5.5), ENTL the bit length of ID as two
 * bytes, every field element as 32 bytes. `point` is the uncompressed public point (65 bytes).
 * @throws InvalidParameterError (`UserId`) when the ID is longer than 8191 bytes (ENTL has 16 bits).
 */
export function sm2Za(point: Uint8Array, userId: Uint8Array, curve: Sm2ZaCurve = SM2_PARAMS): Uint8Array {
  /* Precondition: the ID's bit length fits in the two bytes of ENTL. */
  if (userId.length > 8191) throw new InvalidParameterError("UserId", "It is longer than 8191 bytes.");
  const entl = Uint8Array.of((userId.length * 8) >> 8, (userId.length * 8) & 0xff);
  return sm3Concat(
    entl,
    userId,
    bigIntToBytes(curve.a, 32),
    bigIntToBytes(curve.b, 32),
    bigIntToBytes(curve.gx, 32),
    bigIntToBytes(curve.gy, 32),
    point.subarray(1, 65),
  );
}

/**
 * The digest an SM2DSA AsymmetricSign expects: e = SM3(Z_A ‖ M) (GB/T 32918.2-2016 section 6.1 steps A1-A2), for
 * the holder of `publicKeyPem` and the UTF-8 `userId` (default 1234567812345678, GM/T 0009).
 * @throws InvalidParameterError (`PublicKey`) when the PEM is not an SM2 public key; (`UserId`) for an ID too long.
 */
export function sm2SigningDigest(
  publicKeyPem: string,
  message: Uint8Array,
  userId: string = SM2_DEFAULT_USER_ID,
): Uint8Array {
  const point = readEcPublicKey(
    "EC_SM2",
    publicKeyPem,
    () => new InvalidParameterError("PublicKey", "It is not an SM2 public key (PEM SubjectPublicKeyInfo)."),
  );
  const za = sm2Za(point, new TextEncoder().encode(userId));
  return sm3Concat(za, message);
}
