/**
 * STYLE rule 13: plaintext bytes are zeroed once an operation is done with them. The validated input of a request
 * stays attached to its event (functions/lib/StackState.ts), so after the real handler answers, the test reads the
 * very bytes the operation was given.
 */
import type { Context } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findState } from "../../../functions/lib/StackState";
import { ACCOUNT_A, handlerOf, startTestbed, type Testbed, testEvent } from "../../support/testbed";

let bed: Testbed;
beforeAll(async () => {
  bed = await startTestbed();
});
afterAll(() => bed.stop());

/** Invokes an operation's handler and returns its status and the `plaintext` bytes of its validated input. */
async function plaintextAfter(action: string, params: Record<string, string>) {
  const event = testEvent(action, params, ACCOUNT_A);
  const result = await (await handlerOf(action))(event, {} as Context);
  const input = findState(event)?.input as { plaintext?: Uint8Array } | undefined;
  if (!input?.plaintext) throw new Error(`${action} kept no plaintext input`);
  return { status: result.statusCode, plaintext: input.plaintext };
}

describe("the plaintext a request carries is wiped once the operation is done", () => {
  it("Encrypt: after a success and after a refusal", async () => {
    const KeyId = (await bed.ok("CreateKey", {})).KeyMetadata.KeyId as string;
    const sealed = await plaintextAfter("Encrypt", { KeyId, Plaintext: "a secret sentence" });
    expect(sealed.status).toBe(200);
    expect(sealed.plaintext.length).toBe(17);
    expect(sealed.plaintext.every((byte) => byte === 0)).toBe(true);
    await bed.ok("DisableKey", { KeyId });
    const refused = await plaintextAfter("Encrypt", { KeyId, Plaintext: "a secret sentence" });
    expect(refused.status).toBe(409);
    expect(refused.plaintext.every((byte) => byte === 0)).toBe(true);
  });

  it("AsymmetricEncrypt", async () => {
    const KeyId = (await bed.ok("CreateKey", { KeySpec: "RSA_2048" })).KeyMetadata.KeyId as string;
    const versions = await bed.ok("ListKeyVersions", { KeyId });
    const sealed = await plaintextAfter("AsymmetricEncrypt", {
      KeyId,
      KeyVersionId: versions.KeyVersions.KeyVersion[0].KeyVersionId,
      Algorithm: "RSAES_OAEP_SHA_256",
      Plaintext: Buffer.from("a secret data key").toString("base64"),
    });
    expect(sealed.status).toBe(200);
    expect(sealed.plaintext.length).toBe(17);
    expect(sealed.plaintext.every((byte) => byte === 0)).toBe(true);
  });
});
