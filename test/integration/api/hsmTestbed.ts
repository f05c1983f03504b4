/**
 * The testbed of the HSM end-to-end tests: a private SoftHSM token, the HSM provider built as the local stack builds
 * it (`new HsmCryptoProvider(InProcessHsmClient.forPkcs11(...))`, so every call crosses the JSON contract), and the
 * real handlers over dynalite (test/support/testbed.ts).
 */

import pkcs11js from "pkcs11js";
import type { CryptoProvider, KeyVersionHandle } from "../../../core/crypto/CryptoProvider";
import { HsmCryptoProvider } from "../../../core/hsm/HsmCryptoProvider";
import { InProcessHsmClient } from "../../../core/hsm/InProcessHsmClient";
import { setDeps } from "../../../functions/lib/deps";
import {
  createSoftHsmToken,
  openRawSession,
  type RawSoftHsmSession,
  type SoftHsmToken,
} from "../../support/softhsm";
import { ACCOUNT_A, startTestbed, type Testbed } from "../../support/testbed";

export interface HsmTestbed {
  readonly bed: Testbed;
  readonly token: SoftHsmToken;
  readonly provider: HsmCryptoProvider;
  /** A PKCS#11 session of the test's own on the same token (inspection only). */
  raw(): RawSoftHsmSession;
  stop(): Promise<void>;
}

/** Starts dynalite, the handlers and an HSM provider over a fresh SoftHSM token (inside an hsmTestsEnabled suite). */
export async function startHsmTestbed(options: { clock?: () => Date } = {}): Promise<HsmTestbed> {
  const token = await createSoftHsmToken();
  if (!token) throw new Error("SoftHSM is not installed");
  const client = InProcessHsmClient.forPkcs11({
    libraryPath: token.libraryPath,
    tokenLabel: token.tokenLabel,
    pin: token.pin,
  });
  const provider = new HsmCryptoProvider(client);
  const bed = await startTestbed({ hsm: provider, ...(options.clock ? { clock: options.clock } : {}) });
  let session: RawSoftHsmSession | undefined;
  return {
    bed,
    token,
    provider,
    raw() {
      session ??= openRawSession(token);
      return session;
    },
    async stop() {
      session?.close();
      await bed.stop();
      await client.close();
      await token.cleanup();
    },
  };
}

/** A key made through CreateKey: its id, its first version and that version's HSM label (from the store). */
export interface CreatedKey {
  readonly KeyId: string;
  readonly versionId: string;
  readonly label: string;
  // biome-ignore lint/suspicious/noExplicitAny: the CreateKey answer is read field by field
  readonly metadata: any;
}

/** CreateKey through the handler with ProtectionLevel=HSM (unless the parameters say otherwise). */
export async function createHsmKey(bed: Testbed, params: Record<string, string>): Promise<CreatedKey> {
  const metadata = (await bed.ok("CreateKey", { ProtectionLevel: "HSM", ...params })).KeyMetadata;
  const handle = await versionHandleOf(bed, metadata.KeyId);
  const label = handle.material.kind === "hsm" ? handle.material.label : "";
  return { KeyId: metadata.KeyId, versionId: handle.versionId, label, metadata };
}

/** What a crypto provider gets for a key's version (the first unless named), read straight from the store. */
export async function versionHandleOf(
  bed: Testbed,
  keyId: string,
  versionId?: string,
): Promise<KeyVersionHandle> {
  const record = await bed.deps.keys.get(ACCOUNT_A, keyId);
  const version = versionId ? record?.versions.find((v) => v.versionId === versionId) : record?.versions[0];
  if (!record || !version) throw new Error(`no version of ${keyId} in the store`);
  return {
    accountId: record.accountId,
    keyId: record.keyId,
    versionId: version.versionId,
    keySpec: record.keySpec,
    material: version.material,
    ...(version.publicKey ? { publicKey: version.publicKey } : {}),
  };
}

/**
 * Makes the handlers use `provider` for ProtectionLevel HSM from now on (the same store, cache and SOFTWARE
 * provider): an HSM that becomes unreachable, or a cold HSM client. Returns the function that puts the testbed's own
 * provider back.
 */
export function useHsmProvider(bed: Testbed, provider: CryptoProvider): () => void {
  setDeps({ ...bed.deps, crypto: (level) => (level === "HSM" ? provider : bed.deps.crypto(level)) });
  return () => setDeps(bed.deps);
}

/** The CKA_LABELs a key version's HSM objects carry (hsmKeyLabel.ts): one secret key, or a private and a public. */
export function objectLabels(label: string): string[] {
  return [label, `${label}:private`, `${label}:public`];
}

/** The CKA_LABEL of every object on the token that starts with `prefix`, sorted (to find orphaned objects). */
export function labelsOnToken(raw: RawSoftHsmSession, prefix: string): string[] {
  raw.module.C_FindObjectsInit(raw.session, []);
  let handles: Buffer[];
  try {
    handles = raw.module.C_FindObjects(raw.session, 100_000);
  } finally {
    raw.module.C_FindObjectsFinal(raw.session);
  }
  return handles
    .map((handle) => raw.read(handle, [pkcs11js.CKA_LABEL])[0]?.toString("utf8") ?? "")
    .filter((label) => label.startsWith(prefix))
    .sort();
}

export const b64 = (bytes: Uint8Array | Buffer | string): string => Buffer.from(bytes).toString("base64");
