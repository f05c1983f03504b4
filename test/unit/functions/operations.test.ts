import { describe, expect, it } from "vitest";
import { ACTION_NAMES, findOperation, isActionName, OPERATIONS } from "../../../functions/operations";

/** The operations the task lists (DESIGN section 2; not BYOK, MAC or the plural tag APIs). */
const EXPECTED = `CreateKey DescribeKey ListKeys UpdateKeyDescription EnableKey DisableKey ScheduleKeyDeletion
  CancelKeyDeletion SetDeletionProtection CreateAlias UpdateAlias DeleteAlias ListAliases ListAliasesByKeyId
  TagResource UntagResource ListResourceTags CreateKeyVersion ListKeyVersions DescribeKeyVersion
  UpdateRotationPolicy GetRandomPassword Encrypt Decrypt ReEncrypt GenerateDataKey GenerateDataKeyWithoutPlaintext
  ExportDataKey GenerateAndExportDataKey AsymmetricEncrypt AsymmetricDecrypt AsymmetricSign AsymmetricVerify
  GetPublicKey DescribeRegions DescribeAccountKmsStatus`.split(/\s+/);

describe("the operations list", () => {
  it("declares exactly the operations Keyward serves", () => {
    expect([...ACTION_NAMES].sort()).toEqual([...EXPECTED].sort());
    for (const absent of ["ImportKeyMaterial", "GenerateMac", "TagResources", "GetKeyPolicy"]) {
      expect(findOperation(absent)).toBeUndefined();
    }
  });

  it("names each handler module after its Action in camelCase", () => {
    for (const action of ACTION_NAMES) {
      expect(OPERATIONS[action].module).toBe(action[0]?.toLowerCase() + action.slice(1));
    }
  });

  it("gives every parameter a PascalCase wire name, a description and a summary of its limits", () => {
    for (const action of ACTION_NAMES) {
      const spec = OPERATIONS[action];
      const wires = Object.values(spec.params).map((p) => p.wire);
      expect(new Set(wires).size, action).toBe(wires.length);
      for (const param of Object.values(spec.params)) {
        expect(param.wire).toMatch(/^[A-Z][A-Za-z]+$/);
        expect(param.description.length).toBeGreaterThan(3);
        expect(param.type.summary.length).toBeGreaterThan(3);
      }
      expect(spec.summary.length).toBeGreaterThan(5);
    }
  });

  it("categorises the operations for nonce handling", () => {
    expect(OPERATIONS.CreateKey.category).toBe("state-changing");
    expect(OPERATIONS.Encrypt.category).toBe("cryptographic");
    expect(OPERATIONS.ListKeys.category).toBe("read-only");
    const stateChanging = ACTION_NAMES.filter((a) => OPERATIONS[a].category === "state-changing");
    expect(stateChanging).toEqual(
      `CreateKey UpdateKeyDescription EnableKey DisableKey ScheduleKeyDeletion CancelKeyDeletion SetDeletionProtection
      CreateAlias UpdateAlias DeleteAlias TagResource UntagResource CreateKeyVersion UpdateRotationPolicy`.split(
        /\s+/,
      ),
    );
  });

  it("only own names are actions", () => {
    expect(isActionName("Encrypt")).toBe(true);
    expect(isActionName("toString")).toBe(false);
    expect(isActionName("__proto__")).toBe(false);
  });

  it("flattenable maps are exactly the EncryptionContext parameters", () => {
    const maps = new Set(
      ACTION_NAMES.flatMap((a) =>
        Object.values(OPERATIONS[a].params)
          .filter((p) => p.type.flattenedMap)
          .map((p) => p.wire),
      ),
    );
    expect([...maps].sort()).toEqual([
      "DestinationEncryptionContext",
      "EncryptionContext",
      "SourceEncryptionContext",
    ]);
  });
});
