import {
  createCipheriv,
  createDecipheriv,
  createPrivateKey,
  generateKeyPairSync,
  randomBytes,
  sign,
  constants as sslConstants,
} from "node:crypto";
import { generateKeyPair } from "../../../core/crypto/asymmetric";
import type { BenchTable, SectionResult } from "../BenchSection";
import { createBenchKey, SHA256_DIGEST, SIGNED_MESSAGE, signParams, sm2Digest } from "../benchKeys";
import { startBenchService } from "../benchService";
import { micros, rate, ratio } from "../format";
import { handlerOpsPerSecond } from "../measureHandler";
import { opsPerSecond } from "../stats";

/** A UTF-8 plaintext of `bytes` bytes (ASCII, so characters = bytes), as a caller's Plaintext string. */
function plaintextOf(bytes: number): string {
  return randomBytes(bytes).toString("base64").slice(0, bytes);
}

/** AES-256-GCM seal with a fresh cipher and random 12-byte IV, as any service must do per message. */
function aesSeal(key: Buffer, plaintext: Buffer): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  return Buffer.concat([iv, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
}

function aesOpen(key: Buffer, sealed: Buffer): Buffer {
  const decipher = createDecipheriv("aes-256-gcm", key, sealed.subarray(0, 12));
  decipher.setAuthTag(sealed.subarray(sealed.length - 16));
  return Buffer.concat([decipher.update(sealed.subarray(12, sealed.length - 16)), decipher.final()]);
}

/** One row: an operation's handler next to the primitive it wraps. */
interface Row {
  readonly operation: string;
  readonly primitive: string;
  readonly handler: number;
  readonly bare?: number;
}

/**
 * Section 1: every listed operation's real Lambda handler in this process (the whole middleware stack: request
 * context and audit line, parsing, ACS3 signature check against the AccessKey table with a single-use nonce,
 * validation, the service, response shaping), warm caches, against the bare primitive it wraps.
 */
export async function run(): Promise<SectionResult> {
  const service = await startBenchService();
  try {
    const aes = await createBenchKey(service, {});
    const p256 = await createBenchKey(service, { KeySpec: "EC_P256", KeyUsage: "SIGN/VERIFY" });
    const rsa = await createBenchKey(service, { KeySpec: "RSA_2048", KeyUsage: "SIGN/VERIFY" });
    const sm2Key = await createBenchKey(service, { KeySpec: "EC_SM2", KeyUsage: "SIGN/VERIFY" });
    const rawKey = randomBytes(32);
    const rows: Row[] = [];

    for (const bytes of [32, 4096]) {
      const text = plaintextOf(bytes);
      const plain = Buffer.from(text);
      const size = bytes === 32 ? "32 B" : "4 KiB";
      rows.push({
        operation: `Encrypt ${size}`,
        primitive: `AES-256-GCM seal ${size}`,
        handler: await handlerOpsPerSecond(service, "Encrypt", { KeyId: aes.keyId, Plaintext: text }),
        bare: await opsPerSecond(() => aesSeal(rawKey, plain)),
      });
      const blob = (await service.ok("Encrypt", { KeyId: aes.keyId, Plaintext: text })).CiphertextBlob;
      const sealed = aesSeal(rawKey, plain);
      rows.push({
        operation: `Decrypt ${size}`,
        primitive: `AES-256-GCM open ${size}`,
        handler: await handlerOpsPerSecond(service, "Decrypt", { CiphertextBlob: blob }),
        bare: await opsPerSecond(() => aesOpen(rawKey, sealed)),
      });
    }
    rows.push({
      operation: "GenerateDataKey (32 B)",
      primitive: "32 random bytes + AES-256-GCM seal of their base64",
      handler: await handlerOpsPerSecond(service, "GenerateDataKey", { KeyId: aes.keyId }),
      bare: await opsPerSecond(() => aesSeal(rawKey, Buffer.from(randomBytes(32).toString("base64")))),
    });

    const p256Key = generateKeyPairSync("ec", { namedCurve: "prime256v1" }).privateKey;
    rows.push({
      operation: "AsymmetricSign EC_P256 (ECDSA_SHA_256)",
      primitive: "node:crypto ECDSA P-256 sign (KeyObject, DER)",
      handler: await handlerOpsPerSecond(
        service,
        "AsymmetricSign",
        signParams(p256, "ECDSA_SHA_256", SHA256_DIGEST),
      ),
      bare: await opsPerSecond(() => sign("sha256", SHA256_DIGEST, { key: p256Key, dsaEncoding: "der" })),
    });
    const rsaDer = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({
      type: "pkcs1",
      format: "der",
    });
    const rsaKey = createPrivateKey({ key: rsaDer, format: "der", type: "pkcs1" });
    rows.push({
      operation: "AsymmetricSign RSA_2048 (RSA_PSS_SHA_256)",
      primitive: "node:crypto RSA-2048 PSS sign (KeyObject)",
      handler: await handlerOpsPerSecond(
        service,
        "AsymmetricSign",
        signParams(rsa, "RSA_PSS_SHA_256", SHA256_DIGEST),
      ),
      bare: await opsPerSecond(() =>
        sign("sha256", SHA256_DIGEST, {
          key: rsaKey,
          padding: sslConstants.RSA_PKCS1_PSS_PADDING,
          saltLength: 32,
        }),
      ),
    });
    // node:crypto signs with an SM2 key (OpenSSL's SM2DSA over the message, default ID): the same work as the
    // ECDSA row's primitive, on the SM2 curve.
    const sm2Private = createPrivateKey({
      key: Buffer.from((await generateKeyPair("EC_SM2")).privateKey),
      format: "der",
      type: "pkcs8",
    });
    const e = sm2Digest(sm2Key.publicKey as string);
    rows.push({
      operation: "AsymmetricSign EC_SM2 (SM2DSA)",
      primitive: "node:crypto SM2 sign (KeyObject, DER)",
      handler: await handlerOpsPerSecond(service, "AsymmetricSign", signParams(sm2Key, "SM2DSA", e)),
      bare: await opsPerSecond(() => sign(null, SIGNED_MESSAGE, sm2Private)),
    });
    rows.push({
      operation: "GetPublicKey (EC_P256)",
      primitive: "— (reads the stored PEM)",
      handler: await handlerOpsPerSecond(service, "GetPublicKey", {
        KeyId: p256.keyId,
        KeyVersionId: p256.versionId,
      }),
    });
    rows.push({
      operation: "DescribeKey",
      primitive: "— (reads the key record)",
      handler: await handlerOpsPerSecond(service, "DescribeKey", { KeyId: aes.keyId }),
    });
    rows.push({
      operation: "CreateKey (Aliyun_AES_256)",
      primitive: "32 random bytes + AES-256-GCM wrap",
      handler: await handlerOpsPerSecond(service, "CreateKey", {}, 3),
      bare: await opsPerSecond(() => aesSeal(rawKey, randomBytes(32))),
    });

    const table: BenchTable = {
      inReadme: true,
      headers: ["operation (handler)", "ops/s", "per op", "bare primitive", "ops/s", "handler / primitive"],
      rows: rows.map((row) => [
        row.operation,
        rate(row.handler),
        micros(row.handler),
        row.primitive,
        rate(row.bare),
        ratio(row.bare === undefined ? undefined : row.handler / row.bare),
      ]),
    };
    const encrypt4k = rows.find((row) => row.operation === "Encrypt 4 KiB");
    return {
      heading: "In-process: each operation's handler next to the bare primitive it wraps",
      intro:
        "Each operation's real Lambda handler, invoked back to back in one process with warm caches: the whole " +
        "middleware stack (request context and audit line, parameter parsing, ACS3-HMAC-SHA256 signature check " +
        "against the AccessKey table with a single-use nonce, validation, the service, response shaping), each " +
        "invocation with its own signed request (signed before each round, outside the timing). The store is " +
        "dynalite in the same process; a warm Encrypt, Decrypt, GenerateDataKey, AsymmetricSign or GetPublicKey " +
        "makes no store call (section 3). The bare primitive is the library call alone on the same bytes, with " +
        "its key already loaded. Median of 3 rounds of about 0.4 s each.",
      tables: [table],
      figures: {
        inProcessEncrypt4kHandler: encrypt4k?.handler ?? Number.NaN,
        inProcessEncrypt4kBare: encrypt4k?.bare ?? Number.NaN,
      },
    };
  } finally {
    await service.stop();
  }
}
