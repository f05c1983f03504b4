/**
 * What the e2e scenario does with one key through an official client, checking the answers offline where an
 * independent implementation exists (node:crypto for RSA and ECDSA public-key operations).
 */
import { constants, createHash, createPublicKey, publicEncrypt, randomBytes, verify } from "node:crypto";
import { expect } from "vitest";
import type { Body, KmsCaller } from "./kmsCallers";

const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString("base64");

/** A key to create: its parameters and what to do with it. */
export interface KeyPlan {
  readonly keySpec: string;
  readonly keyUsage: "ENCRYPT/DECRYPT" | "SIGN/VERIFY";
  readonly protectionLevel: "SOFTWARE" | "HSM";
  /** Asymmetric encryption or signing algorithms to exercise. */
  readonly algorithms: readonly string[];
}

/** Creates a key and checks the metadata CreateKey answers. */
export async function createKey(kms: KmsCaller, plan: KeyPlan, description: string): Promise<Body> {
  const { KeyMetadata: metadata } = await kms.call("CreateKey", {
    KeySpec: plan.keySpec,
    KeyUsage: plan.keyUsage,
    ProtectionLevel: plan.protectionLevel,
    Description: description,
  });
  expect(metadata).toMatchObject({
    KeySpec: plan.keySpec,
    KeyUsage: plan.keyUsage,
    ProtectionLevel: plan.protectionLevel,
    KeyState: "Enabled",
    Description: description,
    Origin: "Aliyun_KMS",
  });
  expect(metadata.KeyId).toMatch(/^[0-9a-f-]{36}$/);
  return metadata;
}

/**
 * Symmetric key: Encrypt/Decrypt with an EncryptionContext (a wrong context is refused), GenerateDataKey (its blob
 * decrypts to its Plaintext), GenerateDataKeyWithoutPlaintext.
 */
export async function exerciseSymmetricKey(kms: KmsCaller, keyId: string): Promise<void> {
  const context = { purpose: "e2e test", "a.b": "c*d" };
  const plaintext = `héllo ${keyId} +/=`;
  const sealed = await kms.call("Encrypt", {
    KeyId: keyId,
    Plaintext: plaintext,
    EncryptionContext: context,
  });
  expect(sealed.KeyId).toBe(keyId);
  const opened = await kms.call("Decrypt", {
    CiphertextBlob: sealed.CiphertextBlob,
    EncryptionContext: context,
  });
  expect(opened).toMatchObject({ Plaintext: plaintext, KeyId: keyId, KeyVersionId: sealed.KeyVersionId });
  const wrong = kms.call("Decrypt", {
    CiphertextBlob: sealed.CiphertextBlob,
    EncryptionContext: { purpose: "x" },
  });
  await expect(wrong).rejects.toMatchObject({ code: kms.sdkCode("InvalidCiphertext") });

  const dataKey = await kms.call("GenerateDataKey", {
    KeyId: keyId,
    NumberOfBytes: 24,
    EncryptionContext: context,
  });
  expect(Buffer.from(dataKey.Plaintext, "base64")).toHaveLength(24);
  const dataKeyOpened = await kms.call("Decrypt", {
    CiphertextBlob: dataKey.CiphertextBlob,
    EncryptionContext: context,
  });
  expect(dataKeyOpened.Plaintext).toBe(dataKey.Plaintext);
  const hidden = await kms.call("GenerateDataKeyWithoutPlaintext", { KeyId: keyId, KeySpec: "AES_128" });
  expect(hidden.Plaintext).toBeUndefined();
  const hiddenOpened = await kms.call("Decrypt", { CiphertextBlob: hidden.CiphertextBlob });
  expect(Buffer.from(hiddenOpened.Plaintext, "base64")).toHaveLength(16);
}

/** The only version of a new asymmetric key, and its public key (checked by node:crypto where it can parse it). */
export async function firstVersion(kms: KmsCaller, keyId: string, keySpec: string) {
  const listed = await kms.call("ListKeyVersions", { KeyId: keyId });
  expect(listed.TotalCount).toBe(1);
  const versionId: string = listed.KeyVersions.KeyVersion[0].KeyVersionId;
  const { PublicKey: pem, KeyVersionId } = await kms.call("GetPublicKey", {
    KeyId: keyId,
    KeyVersionId: versionId,
  });
  expect(KeyVersionId).toBe(versionId);
  expect(pem).toMatch(/^-----BEGIN PUBLIC KEY-----\n[\s\S]+\n-----END PUBLIC KEY-----\n?$/);
  if (keySpec.startsWith("RSA_")) {
    const details = createPublicKey(pem).asymmetricKeyDetails;
    expect(details?.modulusLength).toBe(Number(keySpec.slice(4)));
  } else if (keySpec === "EC_P256" || keySpec === "EC_P256K") {
    const details = createPublicKey(pem).asymmetricKeyDetails;
    expect(details?.namedCurve).toBe(keySpec === "EC_P256" ? "prime256v1" : "secp256k1");
  }
  return { versionId, pem: pem as string };
}

/** Node's verifier for a signing algorithm, over the message whose SHA-256 was signed; undefined for SM2DSA. */
function offlineVerify(
  algorithm: string,
  pem: string,
  message: Buffer,
  signature: Buffer,
): boolean | undefined {
  if (algorithm === "RSA_PSS_SHA_256") {
    return verify(
      "sha256",
      message,
      { key: pem, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 },
      signature,
    );
  }
  if (algorithm === "RSA_PKCS1_SHA_256" || algorithm === "ECDSA_SHA_256") {
    return verify("sha256", message, pem, signature);
  }
  return undefined;
}

/** Signing key: AsymmetricSign for each algorithm, verified offline and by AsymmetricVerify (true, then false). */
export async function exerciseSigningKey(kms: KmsCaller, keyId: string, plan: KeyPlan): Promise<void> {
  const { versionId, pem } = await firstVersion(kms, keyId, plan.keySpec);
  const message = randomBytes(100);
  // SM2DSA signs SM3(Z_A || M), which the caller computes; any 32 bytes serve for the service's own check.
  const digest = createHash("sha256").update(message).digest();
  for (const algorithm of plan.algorithms) {
    const common = { KeyId: keyId, KeyVersionId: versionId, Algorithm: algorithm };
    const signed = await kms.call("AsymmetricSign", { ...common, Digest: b64(digest) });
    expect(signed).toMatchObject({ KeyId: keyId, KeyVersionId: versionId });
    const signature = Buffer.from(signed.Value, "base64");
    const offline = offlineVerify(algorithm, pem, message, signature);
    if (offline !== undefined) expect(offline, `${plan.keySpec} ${algorithm} offline`).toBe(true);
    const good = await kms.call("AsymmetricVerify", { ...common, Digest: b64(digest), Value: signed.Value });
    expect(good.Value).toBe(true);
    const other = createHash("sha256").update("another message").digest();
    const bad = await kms.call("AsymmetricVerify", { ...common, Digest: b64(other), Value: signed.Value });
    expect(bad.Value).toBe(false);
  }
}

/**
 * Encryption key: AsymmetricEncrypt then AsymmetricDecrypt for each algorithm, and for RSA a ciphertext made
 * offline with the public key (node:crypto OAEP) decrypted by the service.
 */
export async function exerciseDecryptionKey(kms: KmsCaller, keyId: string, plan: KeyPlan): Promise<void> {
  const { versionId, pem } = await firstVersion(kms, keyId, plan.keySpec);
  for (const algorithm of plan.algorithms) {
    const common = { KeyId: keyId, KeyVersionId: versionId, Algorithm: algorithm };
    const plaintext = randomBytes(32);
    const sealed = await kms.call("AsymmetricEncrypt", { ...common, Plaintext: b64(plaintext) });
    const opened = await kms.call("AsymmetricDecrypt", { ...common, CiphertextBlob: sealed.CiphertextBlob });
    expect(opened).toMatchObject({ Plaintext: b64(plaintext), KeyId: keyId, KeyVersionId: versionId });
    if (algorithm.startsWith("RSAES_OAEP_")) {
      const oaepHash = algorithm === "RSAES_OAEP_SHA_1" ? "sha1" : "sha256";
      const offline = publicEncrypt(
        { key: pem, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash },
        plaintext,
      );
      const fromOffline = await kms.call("AsymmetricDecrypt", { ...common, CiphertextBlob: b64(offline) });
      expect(fromOffline.Plaintext).toBe(b64(plaintext));
    }
  }
}

/** Runs the checks a key's plan calls for. */
export async function exerciseKey(kms: KmsCaller, keyId: string, plan: KeyPlan): Promise<void> {
  if (plan.algorithms.length === 0) return exerciseSymmetricKey(kms, keyId);
  if (plan.keyUsage === "SIGN/VERIFY") return exerciseSigningKey(kms, keyId, plan);
  return exerciseDecryptionKey(kms, keyId, plan);
}
