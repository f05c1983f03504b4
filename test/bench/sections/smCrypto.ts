import { randomBytes } from "node:crypto";
import { aesGcmOpen, aesGcmSeal } from "../../../core/crypto/aesGcm";
import {
  asymmetricDecrypt,
  asymmetricEncrypt,
  generateKeyPair,
  signDigest,
  sm2SigningDigest,
  verifyDigest,
} from "../../../core/crypto/asymmetric";
import { sm4GcmOpen, sm4GcmSeal } from "../../../core/crypto/sm4Gcm";
import type { BenchTable, SectionResult } from "../BenchSection";
import { createBenchKey, SHA256_DIGEST, SIGNED_MESSAGE, signParams, sm2Digest } from "../benchKeys";
import { startBenchService } from "../benchService";
import { micros, rate, ratio } from "../format";
import { handlerOpsPerSecond } from "../measureHandler";
import { opsPerSecond } from "../stats";

/** One comparison: the SM algorithm next to its usual counterpart. */
interface Pair {
  readonly what: string;
  readonly sm: string;
  readonly smRate: number;
  readonly other: string;
  readonly otherRate: number;
}

function pairTable(title: string, pairs: readonly Pair[]): BenchTable {
  return {
    title,
    headers: ["operation", "SM", "ops/s", "per op", "counterpart", "ops/s", "per op", "SM / counterpart"],
    rows: pairs.map((pair) => [
      pair.what,
      pair.sm,
      rate(pair.smRate),
      micros(pair.smRate),
      pair.other,
      rate(pair.otherRate),
      micros(pair.otherRate),
      ratio(pair.smRate / pair.otherRate),
    ]),
  };
}

async function primitives(): Promise<Pair[]> {
  const sm4Key = randomBytes(16);
  const aesKey = randomBytes(32);
  const aad = randomBytes(40);
  const data = randomBytes(4096);
  const nonce = () => randomBytes(12);
  const sm4Sealed = sm4GcmSeal(sm4Key, Buffer.alloc(12), data, aad);
  const aesSealed = aesGcmSeal(aesKey, Buffer.alloc(12), data, aad);
  const sm2 = await generateKeyPair("EC_SM2");
  const p256 = await generateKeyPair("EC_P256");
  const rsa = await generateKeyPair("RSA_2048");
  const e = sm2SigningDigest(sm2.publicKeyPem, SIGNED_MESSAGE);
  const sm2Signature = signDigest("EC_SM2", "SM2DSA", sm2.privateKey, e);
  const p256Signature = signDigest("EC_P256", "ECDSA_SHA_256", p256.privateKey, SHA256_DIGEST);
  const small = randomBytes(32);
  const sm2Ciphertext = asymmetricEncrypt("EC_SM2", "SM2PKE", sm2.publicKeyPem, small);
  const rsaCiphertext = asymmetricEncrypt("RSA_2048", "RSAES_OAEP_SHA_256", rsa.publicKeyPem, small);
  return [
    {
      what: "AEAD seal 4 KiB",
      sm: "SM4-GCM (sm-crypto-v2)",
      smRate: await opsPerSecond(() => sm4GcmSeal(sm4Key, nonce(), data, aad)),
      other: "AES-256-GCM (node:crypto)",
      otherRate: await opsPerSecond(() => aesGcmSeal(aesKey, nonce(), data, aad)),
    },
    {
      what: "AEAD open 4 KiB",
      sm: "SM4-GCM (sm-crypto-v2)",
      smRate: await opsPerSecond(() =>
        sm4GcmOpen(sm4Key, Buffer.alloc(12), sm4Sealed.ciphertext, sm4Sealed.tag, aad),
      ),
      other: "AES-256-GCM (node:crypto)",
      otherRate: await opsPerSecond(() =>
        aesGcmOpen(aesKey, Buffer.alloc(12), aesSealed.ciphertext, aesSealed.tag, aad),
      ),
    },
    {
      what: "sign a digest",
      sm: "SM2DSA",
      smRate: await opsPerSecond(() => signDigest("EC_SM2", "SM2DSA", sm2.privateKey, e)),
      other: "ECDSA P-256",
      otherRate: await opsPerSecond(() =>
        signDigest("EC_P256", "ECDSA_SHA_256", p256.privateKey, SHA256_DIGEST),
      ),
    },
    {
      what: "verify",
      sm: "SM2DSA",
      smRate: await opsPerSecond(() => verifyDigest("EC_SM2", "SM2DSA", sm2.publicKeyPem, e, sm2Signature)),
      other: "ECDSA P-256",
      otherRate: await opsPerSecond(() =>
        verifyDigest("EC_P256", "ECDSA_SHA_256", p256.publicKeyPem, SHA256_DIGEST, p256Signature),
      ),
    },
    {
      what: "encrypt 32 B",
      sm: "SM2PKE",
      smRate: await opsPerSecond(() => asymmetricEncrypt("EC_SM2", "SM2PKE", sm2.publicKeyPem, small)),
      other: "RSA-2048 OAEP-SHA-256",
      otherRate: await opsPerSecond(() =>
        asymmetricEncrypt("RSA_2048", "RSAES_OAEP_SHA_256", rsa.publicKeyPem, small),
      ),
    },
    {
      what: "decrypt 32 B",
      sm: "SM2PKE",
      smRate: await opsPerSecond(() => asymmetricDecrypt("EC_SM2", "SM2PKE", sm2.privateKey, sm2Ciphertext)),
      other: "RSA-2048 OAEP-SHA-256",
      otherRate: await opsPerSecond(() =>
        asymmetricDecrypt("RSA_2048", "RSAES_OAEP_SHA_256", rsa.privateKey, rsaCiphertext),
      ),
    },
  ];
}

async function handlers(): Promise<Pair[]> {
  const service = await startBenchService();
  try {
    const sm4 = await createBenchKey(service, { KeySpec: "Aliyun_SM4" });
    const aes = await createBenchKey(service, {});
    const sm2 = await createBenchKey(service, { KeySpec: "EC_SM2", KeyUsage: "SIGN/VERIFY" });
    const p256 = await createBenchKey(service, { KeySpec: "EC_P256", KeyUsage: "SIGN/VERIFY" });
    const plaintext = randomBytes(3072).toString("base64");
    return [
      {
        what: "Encrypt 4 KiB",
        sm: "Aliyun_SM4 key",
        smRate: await handlerOpsPerSecond(service, "Encrypt", { KeyId: sm4.keyId, Plaintext: plaintext }),
        other: "Aliyun_AES_256 key",
        otherRate: await handlerOpsPerSecond(service, "Encrypt", { KeyId: aes.keyId, Plaintext: plaintext }),
      },
      {
        what: "AsymmetricSign",
        sm: "EC_SM2, SM2DSA",
        smRate: await handlerOpsPerSecond(
          service,
          "AsymmetricSign",
          signParams(sm2, "SM2DSA", sm2Digest(sm2.publicKey as string)),
        ),
        other: "EC_P256, ECDSA_SHA_256",
        otherRate: await handlerOpsPerSecond(
          service,
          "AsymmetricSign",
          signParams(p256, "ECDSA_SHA_256", SHA256_DIGEST),
        ),
      },
    ];
  } finally {
    await service.stop();
  }
}

/**
 * Section 5: the SM algorithms Keyward offers (SM4-GCM and SM2 through sm-crypto-v2) next to AES-GCM, ECDSA P-256
 * and RSA-OAEP (node:crypto), as Keyward's own crypto functions run them and through the handlers.
 */
export async function run(): Promise<SectionResult> {
  return {
    heading: "SM4-GCM and SM2 next to AES-GCM and ECDSA P-256",
    intro:
      "Keyward's own crypto functions (core/crypto: the same code the SOFTWARE provider runs, with key material " +
      "already unwrapped; each ECDSA/SM2 call decodes its PKCS#8 key and each RSA call loads its PKCS#1 key, as in " +
      "the service), then the Encrypt and AsymmetricSign handlers with keys of each kind. SM2DSA signs " +
      "e = SM3(Z_A ‖ M); ECDSA signs SHA-256(M). Median of 3 rounds of 0.4 s.",
    tables: [
      { ...pairTable("Crypto functions", await primitives()), inReadme: true },
      pairTable("Handlers", await handlers()),
    ],
  };
}
