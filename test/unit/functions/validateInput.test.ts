import { describe, expect, it } from "vitest";
import { InvalidParameterError, MissingParameterError } from "../../../core/errors";
import { text } from "../../../functions/lib/paramTypes";
import { operation, optional, required } from "../../../functions/lib/schema";
import { validateInput } from "../../../functions/lib/validateInput";
import { OPERATIONS } from "../../../functions/operations";
import { thrown } from "./apiEvent";

const params = (entries: Record<string, string>) => new Map(Object.entries(entries));

function fails(action: keyof typeof OPERATIONS, entries: Record<string, string>) {
  return thrown(() => validateInput(action, OPERATIONS[action], params(entries))) as InvalidParameterError;
}

describe("validateInput", () => {
  it("builds the typed input of CreateKey with its defaults", () => {
    const input = validateInput(
      "CreateKey",
      OPERATIONS.CreateKey,
      params({ Description: "mine", KeySpec: "RSA_2048" }),
    );
    expect(input).toEqual({
      description: "mine",
      keySpec: "RSA_2048",
      origin: "Aliyun_KMS",
      protectionLevel: "SOFTWARE",
      enableAutomaticRotation: false,
    });
    expect(Object.isFrozen(input)).toBe(true);
  });

  it("decodes Encrypt's Plaintext as UTF-8 bytes and its EncryptionContext as a map", () => {
    const input = validateInput(
      "Encrypt",
      OPERATIONS.Encrypt,
      params({ KeyId: "alias/a", Plaintext: "héllo", EncryptionContext: '{"k":"v"}', DryRun: "true" }),
    );
    expect(new TextDecoder().decode(input.plaintext)).toBe("héllo");
    expect(input.encryptionContext).toEqual({ k: "v" });
    expect(input.dryRun).toBe(true);
  });

  it("a required parameter is present and not empty.", () => {
    for (const entries of [{}, { KeyId: "" }] as Record<string, string>[]) {
      const error = fails("DescribeKey", entries);
      expect(error).toBeInstanceOf(MissingParameterError);
      expect(error.parameter).toBe("KeyId");
      expect(error.message).toBe('The parameter "KeyId" is needed but not provided.');
    }
    expect((fails("ScheduleKeyDeletion", { KeyId: "k" }) as MissingParameterError).parameter).toBe(
      "PendingWindowInDays",
    );
  });

  it("refuses invalid values naming the parameter", () => {
    const error = fails("ScheduleKeyDeletion", { KeyId: "k", PendingWindowInDays: "6" });
    expect(error).toBeInstanceOf(InvalidParameterError);
    expect(error.parameter).toBe("PendingWindowInDays");
    expect(fails("CreateKey", { KeySpec: "AES" }).parameter).toBe("KeySpec");
    expect(fails("CreateAlias", { AliasName: "alias/acs x", KeyId: "k" }).parameter).toBe("AliasName");
    expect(
      fails("AsymmetricSign", { KeyId: "k", KeyVersionId: "v", Algorithm: "SM2DSA", Digest: "@@" }).parameter,
    ).toBe("Digest");
  });

  it("refuses oversized values", () => {
    expect(fails("Encrypt", { KeyId: "k", Plaintext: "x".repeat(6145) }).parameter).toBe("Plaintext");
    expect(() =>
      validateInput("Encrypt", OPERATIONS.Encrypt, params({ KeyId: "k", Plaintext: "x".repeat(6144) })),
    ).not.toThrow();
    expect(fails("DescribeKey", { KeyId: "k".repeat(2049) }).parameter).toBe("KeyId");
    expect(fails("CreateKey", { Description: "d".repeat(8193) }).parameter).toBe("Description");
    const blob = Buffer.alloc(6209).toString("base64");
    expect(fails("Decrypt", { CiphertextBlob: blob }).parameter).toBe("CiphertextBlob");
    expect(fails("GetRandomPassword", { PasswordLength: "129" }).parameter).toBe("PasswordLength");
  });

  it("every parameter is declared by the operation.", () => {
    const error = fails("DescribeKey", { KeyId: "k", Plaintext: "x" });
    expect(error).toBeInstanceOf(InvalidParameterError);
    expect(error.parameter).toBe("Plaintext");
    expect(error.message).toMatch(/not a parameter of DescribeKey/);
    expect(fails("DescribeKey", { KeyId: "k", keyId: "k" }).parameter).toBe("keyId");
    const proto = thrown(() =>
      validateInput(
        "DescribeKey",
        OPERATIONS.DescribeKey,
        new Map([
          ["KeyId", "k"],
          ["__proto__", "x"],
        ]),
      ),
    );
    expect((proto as InvalidParameterError).parameter).toBe("__proto__");
    expect(fails("ListAliases", { toString: "x" }).parameter).toBe("toString");
    // A long unknown name is echoed only in part.
    expect(fails("ListAliases", { ["N".repeat(5000)]: "x" }).parameter).toBe("N".repeat(128));
  });

  it("an unsupported parameter is absent or empty.", () => {
    const error = fails("CreateKey", { Policy: '{"Version":"1"}' });
    expect(error.parameter).toBe("Policy");
    expect(error.message).toMatch(/no key policies/);
    expect(validateInput("CreateKey", OPERATIONS.CreateKey, params({ DKMSInstanceId: "" })).keySpec).toBe(
      "Aliyun_AES_256",
    );
  });

  it("exactly one parameter of a one-of group is given.", () => {
    const missing = fails("SetDeletionProtection", { EnableDeletionProtection: "true" });
    expect(missing).toBeInstanceOf(MissingParameterError);
    expect(missing.parameter).toBe("ProtectedResourceArn or KeyId");
    const both = fails("SetDeletionProtection", {
      EnableDeletionProtection: "true",
      ProtectedResourceArn: "acs:kms:r:1:key/k",
      KeyId: "k",
    });
    expect(both).toBeInstanceOf(InvalidParameterError);
    expect(both.parameter).toBe("KeyId");
    const input = validateInput(
      "SetDeletionProtection",
      OPERATIONS.SetDeletionProtection,
      params({ EnableDeletionProtection: "false", KeyId: "k" }),
    );
    expect(input).toEqual({ enableDeletionProtection: false, keyId: "k" });
  });

  it("wipes bytes already decoded when a later parameter fails", () => {
    let captured: Uint8Array | undefined;
    const spec = operation({
      summary: "test",
      module: "test",
      category: "cryptographic",
      params: {
        secret: required(
          "Secret",
          { summary: "bytes", parse: (raw) => (captured = new TextEncoder().encode(raw)) },
          "s",
        ),
        name: optional("Name", text({ max: 1 }), "n"),
      },
    });
    expect(() => validateInput("Test", spec, params({ Secret: "abc", Name: "too long" }))).toThrow(
      InvalidParameterError,
    );
    expect([...(captured ?? [])]).toEqual([0, 0, 0]);
  });
});
