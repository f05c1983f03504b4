/**
 * Rotating the root key to the end (DESIGN section 7): a new primary root key, `root-keys rewrap` moving every
 * SOFTWARE key version and AccessKey secret under it, and then the old root key removed from the keyring. The local
 * stack (`npm start`'s), its keyring file and the CLI, with the official SDK: what was encrypted, signed and
 * authenticated before the rotation still works once the old key is gone.
 */
import { randomBytes } from "node:crypto";
import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type LocalStack, startLocalStack } from "../../infra/local/localStack";
import { runInProcess } from "../integration/cli/cliSupport";
import { DEV_ACCOUNT, stateDirectory } from "./support/e2eStack";
import { rpcV1Caller } from "./support/kmsCallers";

let dir: string | undefined;
let stack: LocalStack | undefined;

afterAll(async () => {
  await stack?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Reads, changes and writes back the stack's keyring file (`root-keys.json`, RootKeyring.serialize's JSON). */
async function editKeyring(
  directory: string,
  change: (keyring: { primary: string; keys: Record<string, string> }) => void,
): Promise<void> {
  const path = join(directory, "root-keys.json");
  const keyring = JSON.parse(await readFile(path, "utf8"));
  change(keyring);
  await writeFile(path, `${JSON.stringify(keyring)}\n`, { mode: 0o600 });
}

describe("root-key rotation with root-keys rewrap", () => {
  it("moves every secret to the new root key, after which the old one can go", async () => {
    dir = await stateDirectory("root-keys");
    stack = await startLocalStack({ dir, port: 0, account: { accountId: DEV_ACCOUNT } });
    const kms = () => rpcV1Caller((stack as LocalStack).url.replace(/^http:\/\//, ""), stack!.accessKey);
    const aes = (await kms().call("CreateKey", {})).KeyMetadata.KeyId as string;
    await kms().call("CreateKeyVersion", { KeyId: aes });
    const sealed = (await kms().call("Encrypt", { KeyId: aes, Plaintext: "kept across rotations" }))
      .CiphertextBlob as string;
    const ec = (await kms().call("CreateKey", { KeySpec: "EC_P256", KeyUsage: "SIGN/VERIFY" })).KeyMetadata
      .KeyId as string;
    const ecVersion = (await kms().call("ListKeyVersions", { KeyId: ec })).KeyVersions.KeyVersion[0]
      .KeyVersionId as string;
    await stack.stop();
    stack = undefined;

    const oldId = JSON.parse(await readFile(join(dir, "root-keys.json"), "utf8")).primary as string;
    await editKeyring(dir, (keyring) => {
      keyring.keys["rotated-1"] = randomBytes(32).toString("base64");
      keyring.primary = "rotated-1";
    });
    const before = await runInProcess(["root-keys", "status", "--dir", dir]);
    expect(before.code).toBe(0);
    // Three key versions (two AES, one EC) and the development AccessKey are under the old key.
    expect(before.stdout).toContain(`${oldId}: 3 key version(s), 1 AccessKey secret(s)`);
    expect(before.stdout).toContain("keep those keys");

    const rewrap = await runInProcess(["root-keys", "rewrap", "--dir", dir]);
    expect(rewrap.code).toBe(0);
    expect(rewrap.stdout).toContain("Moved 3 key version(s) and 1 AccessKey secret(s) to root key rotated-1");
    expect(rewrap.stdout).toContain("rotated-1: 3 key version(s), 1 AccessKey secret(s)");
    expect(rewrap.stdout).toContain("may leave KEYWARD_ROOT_KEYS");
    const again = await runInProcess(["root-keys", "rewrap", "--dir", dir]);
    expect(again.stdout).toContain("Moved 0 key version(s) and 0 AccessKey secret(s)");

    await editKeyring(dir as string, (keyring) => {
      delete keyring.keys[oldId];
    });
    stack = await startLocalStack({ dir, port: 0, account: { accountId: DEV_ACCOUNT } });
    // The AccessKey still authenticates, the old blob opens, both versions serve, the EC key signs.
    expect((await kms().call("Decrypt", { CiphertextBlob: sealed })).Plaintext).toBe("kept across rotations");
    const fresh = await kms().call("Encrypt", { KeyId: aes, Plaintext: "new" });
    expect((await kms().call("Decrypt", { CiphertextBlob: fresh.CiphertextBlob })).Plaintext).toBe("new");
    const digest = randomBytes(32).toString("base64");
    const signed = await kms().call("AsymmetricSign", {
      KeyId: ec,
      KeyVersionId: ecVersion,
      Algorithm: "ECDSA_SHA_256",
      Digest: digest,
    });
    const verified = await kms().call("AsymmetricVerify", {
      KeyId: ec,
      KeyVersionId: ecVersion,
      Algorithm: "ECDSA_SHA_256",
      Digest: digest,
      Value: signed.Value,
    });
    expect(verified.Value).toBe(true);
  });
});
