/**
 * The warm key cache (DESIGN section 7) and changes made through the same instance: the local server runs every
 * operation in one process with one cache, so a DisableKey, CreateKeyVersion, UpdateAlias or DeleteAlias must be
 * seen by the next Encrypt at once, not up to the cache's TTL later. (Other instances still see it within the TTL.)
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestbed, type Testbed } from "../../support/testbed";

let bed: Testbed;
beforeAll(async () => {
  bed = await startTestbed();
});
afterAll(() => bed.stop());

async function warmKey(): Promise<string> {
  const { KeyId } = (await bed.ok("CreateKey", {})).KeyMetadata;
  await bed.ok("Encrypt", { KeyId, Plaintext: "warm the cache" });
  return KeyId;
}

describe("a change made through this instance reaches its cached keys at once", () => {
  it("DisableKey: the next Encrypt of a cached key is refused", async () => {
    const KeyId = await warmKey();
    await bed.ok("DisableKey", { KeyId });
    const answer = await bed.call("Encrypt", { KeyId, Plaintext: "x" });
    expect(answer.body.Code).toBe("Rejected.Disabled");
  });

  it("CreateKeyVersion: the next Encrypt uses the new primary version", async () => {
    const KeyId = await warmKey();
    const { KeyVersion } = await bed.ok("CreateKeyVersion", { KeyId });
    expect((await bed.ok("Encrypt", { KeyId, Plaintext: "x" })).KeyVersionId).toBe(KeyVersion.KeyVersionId);
  });

  it("UpdateAlias and DeleteAlias: the next Encrypt by alias follows the alias", async () => {
    const [first, second] = [await warmKey(), await warmKey()];
    await bed.ok("CreateAlias", { AliasName: "alias/coherent", KeyId: first });
    expect((await bed.ok("Encrypt", { KeyId: "alias/coherent", Plaintext: "x" })).KeyId).toBe(first);
    await bed.ok("UpdateAlias", { AliasName: "alias/coherent", KeyId: second });
    expect((await bed.ok("Encrypt", { KeyId: "alias/coherent", Plaintext: "x" })).KeyId).toBe(second);
    await bed.ok("DeleteAlias", { AliasName: "alias/coherent" });
    const answer = await bed.call("Encrypt", { KeyId: "alias/coherent", Plaintext: "x" });
    expect(answer.body.Code).toBe("Forbidden.KeyNotFound");
  });
});
