import { describe, expect, it } from "vitest";
import type { HsmCapabilities } from "../../../core/hsm/HsmDriver";
import { missingForDecryption, missingForKey, missingForSigning } from "../../../core/hsm/hsmRequirements";

/** SoftHSM 2.6 as the driver reports it (the relevant part of its 70 mechanisms). */
const SOFTHSM: HsmCapabilities = {
  library: {
    manufacturer: "SoftHSM",
    description: "Implementation of PKCS11",
    version: "2.6 (Cryptoki 2.40)",
  },
  token: { label: "t", manufacturer: "SoftHSM project", model: "SoftHSM v2" },
  mechanisms: [
    "CKM_AES_KEY_GEN",
    "CKM_AES_GCM",
    "CKM_RSA_PKCS_KEY_PAIR_GEN",
    "CKM_RSA_PKCS",
    "CKM_RSA_PKCS_PSS",
    "CKM_RSA_PKCS_OAEP",
    "CKM_EC_KEY_PAIR_GEN",
    "CKM_ECDSA",
  ],
  gcmIv: "caller",
  rsaOaepHashes: ["SHA_1"],
  ecCurves: ["P-256", "secp256k1"],
};

const without = (mechanism: string): HsmCapabilities => ({
  ...SOFTHSM,
  mechanisms: SOFTHSM.mechanisms.filter((m) => m !== mechanism),
});

describe("what the HSM lacks for a key or an algorithm", () => {
  it("SoftHSM holds AES, RSA and ECDSA keys, not SM4 or SM2", () => {
    for (const spec of ["Aliyun_AES_128", "Aliyun_AES_192", "Aliyun_AES_256"] as const) {
      expect(missingForKey(SOFTHSM, spec, "ENCRYPT/DECRYPT")).toBeUndefined();
    }
    expect(missingForKey(SOFTHSM, "RSA_3072", "ENCRYPT/DECRYPT")).toBeUndefined();
    expect(missingForKey(SOFTHSM, "RSA_2048", "SIGN/VERIFY")).toBeUndefined();
    expect(missingForKey(SOFTHSM, "EC_P256K", "SIGN/VERIFY")).toBeUndefined();
    expect(missingForKey(SOFTHSM, "Aliyun_SM4", "ENCRYPT/DECRYPT")).toMatch(/SM4 mechanism/);
    expect(missingForKey(SOFTHSM, "EC_SM2", "SIGN/VERIFY")).toMatch(/SM2 mechanism/);
  });

  it("names the first missing mechanism of a key", () => {
    expect(missingForKey(without("CKM_AES_GCM"), "Aliyun_AES_256", "ENCRYPT/DECRYPT")).toBe("CKM_AES_GCM");
    expect(missingForKey(without("CKM_ECDSA"), "EC_P256", "SIGN/VERIFY")).toBe("CKM_ECDSA");
    expect(missingForKey({ ...SOFTHSM, ecCurves: ["P-256"] }, "EC_P256K", "SIGN/VERIFY")).toBe(
      "CKM_EC_KEY_PAIR_GEN on the curve secp256k1",
    );
    expect(missingForKey(without("CKM_RSA_PKCS_KEY_PAIR_GEN"), "RSA_2048", "SIGN/VERIFY")).toBe(
      "CKM_RSA_PKCS_KEY_PAIR_GEN",
    );
    expect(missingForKey({ ...SOFTHSM, rsaOaepHashes: [] }, "RSA_2048", "ENCRYPT/DECRYPT")).toMatch(
      /CKM_RSA_PKCS_OAEP/,
    );
  });

  it("an RSA signing key needs one signature mechanism; the other is refused at the operation", () => {
    const pkcs1Only = without("CKM_RSA_PKCS_PSS");
    expect(missingForKey(pkcs1Only, "RSA_2048", "SIGN/VERIFY")).toBeUndefined();
    expect(missingForSigning(pkcs1Only, "RSA_PSS_SHA_256")).toBe("CKM_RSA_PKCS_PSS");
    expect(missingForSigning(pkcs1Only, "RSA_PKCS1_SHA_256")).toBeUndefined();
    const noSigning = { ...pkcs1Only, mechanisms: pkcs1Only.mechanisms.filter((m) => m !== "CKM_RSA_PKCS") };
    expect(missingForKey(noSigning, "RSA_2048", "SIGN/VERIFY")).toBe("CKM_RSA_PKCS or CKM_RSA_PKCS_PSS");
    expect(missingForSigning(SOFTHSM, "SM2DSA")).toMatch(/SM2/);
  });

  it("RSAES_OAEP_SHA_256 is refused at the operation on SoftHSM, SHA-1 is served", () => {
    expect(missingForDecryption(SOFTHSM, "RSAES_OAEP_SHA_256")).toBe("CKM_RSA_PKCS_OAEP with SHA-256");
    expect(missingForDecryption(SOFTHSM, "RSAES_OAEP_SHA_1")).toBeUndefined();
    expect(
      missingForDecryption({ ...SOFTHSM, rsaOaepHashes: ["SHA_1", "SHA_256"] }, "RSAES_OAEP_SHA_256"),
    ).toBeUndefined();
    expect(missingForDecryption({ ...SOFTHSM, rsaOaepHashes: [] }, "RSAES_OAEP_SHA_1")).toBe(
      "CKM_RSA_PKCS_OAEP with SHA-1",
    );
    expect(missingForDecryption(SOFTHSM, "SM2PKE")).toMatch(/SM2/);
  });
});
