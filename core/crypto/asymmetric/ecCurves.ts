import { InvalidParameterError } from "../../errors";
import type { KeySpec } from "../../keys/types";

/** The content bytes (hex) of the object identifiers Keyward reads and writes in keys. */
export const OID_HEX = {
  /** rsaEncryption 1.2.840.113549.1.1.1 (RFC 8017 appendix A.1). */
  rsaEncryption: "2a864886f70d010101",
  /** id-ecPublicKey 1.2.840.10045.2.1 (RFC 5480 section 2.1.1). */
  ecPublicKey: "2a8648ce3d0201",
  /** prime256v1 / secp256r1 1.2.840.10045.3.1.7 (RFC 5480 section 2.1.1.1). */
  prime256v1: "2a8648ce3d030107",
  /** secp256k1 1.3.132.0.10 (SEC 2). */
  secp256k1: "2b8104000a",
  /** sm2p256v1 1.2.156.10197.1.301 (GM/T 0006, GB/T 32918.5). */
  sm2p256v1: "2a811ccf5501822d",
} as const;

/** The asymmetric EC KeySpecs. */
export type EcSpec = "EC_P256" | "EC_P256K" | "EC_SM2";

/** What Keyward needs to know of one named curve. */
export interface EcCurve {
  readonly spec: EcSpec;
  /** The curve's name in node:crypto / OpenSSL (`crypto.createECDH`). */
  readonly nodeName: string;
  /** The content of the curve's OBJECT IDENTIFIER, in hex. */
  readonly oidHex: string;
  /** The field prime p. */
  readonly p: bigint;
  /** The coefficient a of y² = x³ + ax + b (the point doubling formula needs it). */
  readonly a: bigint;
  /** The group order n. */
  readonly n: bigint;
  /** Field element and scalar size in bytes. */
  readonly bytes: 32;
}

/** sm2p256v1 domain parameters (GB/T 32918.5 / GM/T 0003.5). */
export const SM2_PARAMS = {
  p: 0xfffffffeffffffffffffffffffffffffffffffff00000000ffffffffffffffffn,
  a: 0xfffffffeffffffffffffffffffffffffffffffff00000000fffffffffffffffcn,
  b: 0x28e9fa9e9d9f5e344d5a9e4bcf6509a7f39789f515ab8f92ddbcbd414d940e93n,
  n: 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n,
  gx: 0x32c4ae2c1f1981195f9904466a39c9948fe30bbff2660be1715a4589334c74c7n,
  gy: 0xbc3736a2f4f6779c59bdcee36b692153d0a9877cc62a474002df32e52139f0a0n,
} as const;

/** The curves of the EC KeySpecs (DESIGN section 1); orders and primes from SEC 2, FIPS 186-5 and GB/T 32918.5. */
export const EC_CURVES: Readonly<Record<EcSpec, EcCurve>> = {
  EC_P256: {
    spec: "EC_P256",
    nodeName: "prime256v1",
    oidHex: OID_HEX.prime256v1,
    p: 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn,
    a: 0xffffffff00000001000000000000000000000000fffffffffffffffffffffffcn,
    n: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
    bytes: 32,
  },
  EC_P256K: {
    spec: "EC_P256K",
    nodeName: "secp256k1",
    oidHex: OID_HEX.secp256k1,
    p: 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2fn,
    a: 0n,
    n: 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n,
    bytes: 32,
  },
  EC_SM2: {
    spec: "EC_SM2",
    nodeName: "SM2",
    oidHex: OID_HEX.sm2p256v1,
    p: SM2_PARAMS.p,
    a: SM2_PARAMS.a,
    n: SM2_PARAMS.n,
    bytes: 32,
  },
};

/** Whether a KeySpec is one of the EC specs. */
export function isEcSpec(spec: KeySpec): spec is EcSpec {
  return spec === "EC_P256" || spec === "EC_P256K" || spec === "EC_SM2";
}

/**
 * The curve of an EC KeySpec.
 * @throws InvalidParameterError (`KeySpec`) for a KeySpec that is not an EC spec.
 */
export function ecCurveOf(spec: KeySpec): EcCurve {
  if (!isEcSpec(spec))
    throw new InvalidParameterError("KeySpec", `${spec} is not an elliptic-curve KeySpec.`);
  return EC_CURVES[spec];
}
