import { KeyVersionNotFoundError, LimitExceededError } from "../errors";
import { isoSeconds } from "../keys/dates";
import type { KeyRecord, KeyVersion } from "../keys/KeyRecord";
import { keySpecInfo } from "../keys/keySpecs";
import { assertStateAllows } from "../keys/stateMachine";
import { addVersion } from "../keys/transitions";
import type { Page, PageRequest } from "../store/KeyRepository";
import { mutateKey } from "./mutateKey";
import { resolveKey } from "./resolveKey";
import type { Caller, ServiceDeps } from "./ServiceDeps";
import { settleFailedWrite } from "./settleFailedWrite";

/**
 * Adds a new version to a key: new material from the key's provider, appended in one conditional write. For a
 * symmetric key the new version becomes primary; ciphertexts of earlier versions still decrypt. Used by
 * CreateKeyVersion and by automatic rotation (`rotateDueKeys`), which passes its own checks. When the write fails,
 * the material is destroyed only if the version is not stored after all (settleFailedWrite).
 * @throws KeyStateRejectedError unless Enabled; LimitExceededError past the spec's version cap.
 */
export async function addKeyVersion(
  deps: ServiceDeps,
  caller: Caller,
  keyIdParameter: string,
  check: (record: KeyRecord) => void = () => undefined,
): Promise<{ record: KeyRecord; version: KeyVersion }> {
  const current = await resolveKey(deps, caller, keyIdParameter);
  const precondition = (record: KeyRecord): void => {
    check(record);
    assertStateAllows(record, "CreateKeyVersion");
    /* Precondition: a key stays within its KeySpec's version cap. */
    if (record.versions.length >= keySpecInfo(record.keySpec).maxVersions) {
      throw new LimitExceededError(
        `a ${record.keySpec} key has at most ${keySpecInfo(record.keySpec).maxVersions} versions.`,
      );
    }
  };
  precondition(current);

  const provider = deps.crypto(current.protectionLevel);
  const versionId = deps.newId();
  const identity = {
    accountId: current.accountId,
    keyId: current.keyId,
    versionId,
    keySpec: current.keySpec,
  };
  const generated = await provider.generate(identity, current.keyUsage);
  const version: KeyVersion = {
    versionId,
    creationDate: isoSeconds(deps.clock()),
    material: generated.material,
    ...(generated.publicKey ? { publicKey: generated.publicKey } : {}),
  };
  try {
    const record = await mutateKey(deps, caller, current.keyId, (record, now) => {
      // After a write whose answer was lost, the SDK's retry fails its condition: the version may be there already.
      if (record.versions.some((v) => v.versionId === versionId)) return record;
      precondition(record);
      return addVersion(record, version, isoSeconds(now));
    });
    return { record, version };
  } catch (error) {
    const destroy = () => provider.destroy({ ...identity, material: generated.material });
    return { record: await settleFailedWrite(deps, { ...identity, destroy }, error), version };
  }
}

/** ListKeyVersions: one page of a key's versions, oldest first. */
export async function listKeyVersions(
  deps: ServiceDeps,
  caller: Caller,
  input: { keyId: string } & PageRequest,
): Promise<{ keyId: string; page: Page<KeyVersion> }> {
  const key = await resolveKey(deps, caller, input.keyId);
  const start = (input.pageNumber - 1) * input.pageSize;
  const items = key.versions.slice(start, start + input.pageSize);
  return {
    keyId: key.keyId,
    page: { items, totalCount: key.versions.length, pageNumber: input.pageNumber, pageSize: input.pageSize },
  };
}

/**
 * Finds a version of a key.
 * @throws KeyVersionNotFoundError
 */
export function findVersion(key: KeyRecord, versionId: string): KeyVersion {
  const version = key.versions.find((v) => v.versionId === versionId);
  if (!version) throw new KeyVersionNotFoundError();
  return version;
}

/** DescribeKeyVersion: one version of a key. @throws KeyNotFoundError, KeyVersionNotFoundError */
export async function describeKeyVersion(
  deps: ServiceDeps,
  caller: Caller,
  input: { keyId: string; keyVersionId: string },
): Promise<{ keyId: string; version: KeyVersion }> {
  const key = await resolveKey(deps, caller, input.keyId);
  return { keyId: key.keyId, version: findVersion(key, input.keyVersionId) };
}
