import { createHash } from "node:crypto";
import { sm2SigningDigest } from "../../core/crypto/asymmetric";
import type { BenchService } from "./benchService";

/** A key the benchmark created, with the parameters that name its version. */
export interface BenchKey {
  readonly keyId: string;
  /** The first version (asymmetric keys are used by version). */
  readonly versionId: string;
  /** The public key PEM of an asymmetric key. */
  readonly publicKey?: string;
}

/**
 * Creates a key through the real CreateKey handler (and reads its version and public key through ListKeyVersions
 * and GetPublicKey for an asymmetric one).
 */
export async function createBenchKey(
  service: BenchService,
  params: Readonly<Record<string, string>>,
): Promise<BenchKey> {
  const created = await service.ok("CreateKey", params);
  const keyId = created.KeyMetadata.KeyId as string;
  if (created.KeyMetadata.PrimaryKeyVersion) {
    return { keyId, versionId: created.KeyMetadata.PrimaryKeyVersion as string };
  }
  const versions = await service.ok("ListKeyVersions", { KeyId: keyId });
  const versionId = versions.KeyVersions.KeyVersion[0].KeyVersionId as string;
  const pem = await service.ok("GetPublicKey", { KeyId: keyId, KeyVersionId: versionId });
  return { keyId, versionId, publicKey: pem.PublicKey as string };
}

/** The message every signing row signs. */
export const SIGNED_MESSAGE = Buffer.from("Keyward benchmark message");

/** SHA-256 of the message (the Digest of ECDSA and RSA AsymmetricSign). */
export const SHA256_DIGEST = createHash("sha256").update(SIGNED_MESSAGE).digest();

/** SM3(Z_A ‖ M) of the message for an SM2 public key (the Digest of SM2DSA AsymmetricSign). */
export function sm2Digest(publicKeyPem: string): Buffer {
  return Buffer.from(sm2SigningDigest(publicKeyPem, SIGNED_MESSAGE));
}

/** AsymmetricSign parameters for a key version. */
export function signParams(key: BenchKey, algorithm: string, digest: Uint8Array): Record<string, string> {
  return {
    KeyId: key.keyId,
    KeyVersionId: key.versionId,
    Algorithm: algorithm,
    Digest: Buffer.from(digest).toString("base64"),
  };
}
