import { describe, expect, it } from "vitest";
import { ACTION_NAMES, OPERATIONS } from "../../../functions/operations";
import {
  ALL_FUNCTIONS,
  HSM_CAPABILITY_ACTIONS,
  MATERIAL_ACTIONS,
  OPERATION_FUNCTIONS,
  operationNeeds,
  WORKER_FUNCTIONS,
} from "../../../infra/functionCatalog";

describe("the function catalog", () => {
  it("has one function per operation of functions/operations.ts, with its handler module", () => {
    expect(OPERATION_FUNCTIONS.map((f) => f.action)).toEqual([...ACTION_NAMES]);
    for (const fn of OPERATION_FUNCTIONS) expect(fn.module).toBe(OPERATIONS[fn.action!].module);
    expect(WORKER_FUNCTIONS.map((f) => f.name)).toEqual([
      "hsm",
      "encrypt-object",
      "rotate-keys",
      "purge-keys",
    ]);
    const names = ALL_FUNCTIONS.map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it("links every operation to the table and nothing to pkcs11js but the HSM function", () => {
    for (const fn of OPERATION_FUNCTIONS) expect(fn.needs.table, fn.name).toBe(true);
    expect(ALL_FUNCTIONS.filter((f) => f.needs.pkcs11).map((f) => f.name)).toEqual(["hsm"]);
    expect(ALL_FUNCTIONS.filter((f) => f.needs.buckets).map((f) => f.name)).toEqual(["encrypt-object"]);
  });

  it("gives the HSM only to operations that create or use key material or ask its capabilities, and the root keys to every operation", () => {
    for (const action of ACTION_NAMES) {
      const needs = operationNeeds(action);
      // Authentication unwraps the AccessKey secret with the root keys, in every operation.
      expect(needs.rootKeys, action).toBe(true);
      expect(needs.hsm, action).toBe(MATERIAL_ACTIONS.has(action) || HSM_CAPABILITY_ACTIONS.has(action));
    }
    expect(operationNeeds("DescribeKey")).toMatchObject({ hsm: false, smCrypto: false });
    expect(operationNeeds("GetRandomPassword")).toMatchObject({ hsm: false, smCrypto: false });
    // sm-crypto-v2 is SM4 only: operations with an SM2 public key (OpenSSL's arithmetic) do not load it.
    // AsymmetricEncrypt asks the HSM whether it could decrypt before encrypting with an HSM key's public key.
    expect(operationNeeds("AsymmetricEncrypt")).toMatchObject({ hsm: true, smCrypto: false });
    expect(operationNeeds("AsymmetricVerify")).toMatchObject({ hsm: false, smCrypto: false });
  });

  it("classifies every cryptographic operation: material, public-key only, or neither (GetRandomPassword)", () => {
    const publicKeyOnly = ["AsymmetricEncrypt", "AsymmetricVerify", "GetRandomPassword"];
    const cryptographic = ACTION_NAMES.filter((a) => OPERATIONS[a].category === "cryptographic");
    expect(cryptographic.filter((a) => !MATERIAL_ACTIONS.has(a)).sort()).toEqual(publicKeyOnly.sort());
    const nonCryptographicMaterial = [...MATERIAL_ACTIONS].filter(
      (a) => OPERATIONS[a].category !== "cryptographic",
    );
    expect(nonCryptographicMaterial.sort()).toEqual(["CreateKey", "CreateKeyVersion"]);
  });
});
