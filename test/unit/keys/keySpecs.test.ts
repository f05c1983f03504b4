import { describe, expect, it } from "vitest";
import { encryptionLimits, KEY_SPEC_REGISTRY, signingLimits } from "../../../core/keys/keySpecs";
import { KEY_SPECS } from "../../../core/keys/types";

describe("KeySpec registry", () => {
  it("has an entry for each of the nine KeySpecs", () => {
    expect(Object.keys(KEY_SPEC_REGISTRY).sort()).toEqual([...KEY_SPECS].sort());
    expect(KEY_SPECS).toHaveLength(9);
  });

  it("gives the reference's RSA-OAEP plaintext limits", () => {
    expect(encryptionLimits("RSA_2048", "RSAES_OAEP_SHA_256").maxPlaintextBytes).toBe(190);
    expect(encryptionLimits("RSA_2048", "RSAES_OAEP_SHA_1").maxPlaintextBytes).toBe(214);
    expect(encryptionLimits("RSA_3072", "RSAES_OAEP_SHA_256").maxPlaintextBytes).toBe(318);
    expect(encryptionLimits("RSA_3072", "RSAES_OAEP_SHA_1").maxPlaintextBytes).toBe(342);
    expect(encryptionLimits("EC_SM2", "SM2PKE").maxPlaintextBytes).toBe(6047);
  });

  it("refuses an algorithm the KeySpec does not offer", () => {
    expect(() => signingLimits("EC_P256", "RSA_PSS_SHA_256")).toThrow(/Algorithm/);
    expect(() => encryptionLimits("EC_P256", "SM2PKE")).toThrow(/Algorithm/);
  });

  it("lets only RSA and SM2 keys choose between encryption and signing", () => {
    const both = Object.values(KEY_SPEC_REGISTRY).filter((info) => info.usages.length === 2);
    expect(both.map((info) => info.spec).sort()).toEqual(["EC_SM2", "RSA_2048", "RSA_3072"]);
  });
});
