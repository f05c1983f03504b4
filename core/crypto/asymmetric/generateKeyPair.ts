import { generateKeyPair as generateNodeKeyPair } from "node:crypto";
import { promisify } from "node:util";
import { InternalFailureError, InvalidParameterError } from "../../errors";
import type { KeySpec } from "../../keys/types";
import { bytesToBigInt } from "./bigIntBytes";
import { EC_CURVES, isEcSpec } from "./ecCurves";
import { generateEcKeyPair } from "./ecKeyPair";
import { decodeEcPrivateKey } from "./ecPrivateKey";
import { RSA_MODULUS_BITS, type RsaSpec } from "./rsaKeys";

const generateRsa = promisify(generateNodeKeyPair);

/** A new asymmetric key pair: the private key material and the public key as GetPublicKey returns it. */
export interface AsymmetricKeyPair {
  /** PKCS#8 DER (RFC 5208) for every spec; the caller wraps it and zeroes it. */
  privateKey: Uint8Array;
  /** PEM SubjectPublicKeyInfo (`-----BEGIN PUBLIC KEY-----`). */
  publicKeyPem: string;
}

/** Whether a KeySpec is one of the RSA specs. */
export function isRsaSpec(spec: KeySpec): spec is RsaSpec {
  return spec === "RSA_2048" || spec === "RSA_3072";
}

async function generateRsaKeyPair(spec: RsaSpec): Promise<AsymmetricKeyPair> {
  const { privateKey, publicKey } = await generateRsa("rsa", {
    modulusLength: RSA_MODULUS_BITS[spec],
    publicExponent: 0x10001,
  }).catch((cause: unknown) => {
    throw new InternalFailureError({ cause });
  });
  const der = privateKey.export({ type: "pkcs8", format: "der" });
  return {
    privateKey: new Uint8Array(der.buffer, der.byteOffset, der.length),
    publicKeyPem: String(publicKey.export({ type: "spki", format: "pem" })),
  };
}

/**
 * Generates the key pair of a new version of an asymmetric key (DESIGN sections 1 and 7).
 *
 * Private key material is PKCS#8 DER for every spec: RSA as node:crypto writes it (public exponent 65537); EC keys
 * as an RFC 5915 ECPrivateKey with the public point under id-ecPublicKey and the curve's OID (prime256v1, secp256k1,
 * sm2p256v1), drawn by OpenSSL on the named curve. An SM2 scalar is redrawn until it is at most n-2
 * (GB/T 32918.1-2016 section 6.1), since SM2 signing inverts 1 + d.
 * @throws InvalidParameterError (`KeySpec`) for a symmetric KeySpec.
 */
export async function generateKeyPair(spec: KeySpec): Promise<AsymmetricKeyPair> {
  if (isRsaSpec(spec)) return generateRsaKeyPair(spec);
  /* Precondition: the KeySpec is asymmetric. */
  if (!isEcSpec(spec)) throw new InvalidParameterError("KeySpec", `${spec} is not an asymmetric KeySpec.`);
  const curve = EC_CURVES[spec];
  for (;;) {
    const pair = generateEcKeyPair(curve);
    if (spec !== "EC_SM2" || bytesToBigInt(decodeEcPrivateKey(curve, pair.privateKey)) !== curve.n - 1n)
      return pair;
    pair.privateKey.fill(0);
  }
}
