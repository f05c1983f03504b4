import { join } from "node:path";
import { ConfigurationError } from "../../core/config";
import { accessKeyLookup, createAccessKey } from "../../core/service/accessKeys";
import type { ComposedDeps } from "../../functions/lib/composeServiceDeps";
import { type LocalFiles, privateFile } from "./localFiles";

/** The development AccessKey `npm start` prints: a signed request with it acts as `accountId`. */
export interface DevelopmentAccessKey {
  readonly accountId: string;
  readonly accessKeyId: string;
  readonly secret: string;
}

/**
 * The development AccessKey (DESIGN section 10): fixed by KEYWARD_ACCESS_KEY_ID / KEYWARD_ACCESS_KEY_SECRET when
 * given, otherwise made on first start and kept in `.keyward/dev-access-key.json` (0600) so every start can print
 * it. It is registered in the table like any AccessKey.
 * @throws ConfigurationError when only one of the two is set, or the fixed id exists with another secret or account;
 *   InvalidParameterError when the fixed id or secret is not acceptable as an AccessKey.
 */
export async function ensureDevelopmentAccessKey(
  deps: ComposedDeps,
  files: LocalFiles,
  wanted: { accountId: string; accessKeyId?: string; secret?: string },
): Promise<DevelopmentAccessKey> {
  let key: DevelopmentAccessKey;
  /* Precondition: the fixed AccessKey is given whole or not at all. */
  if (Boolean(wanted.accessKeyId) !== Boolean(wanted.secret)) {
    throw new ConfigurationError("Set both KEYWARD_ACCESS_KEY_ID and KEYWARD_ACCESS_KEY_SECRET, or neither.");
  }
  if (wanted.accessKeyId && wanted.secret) {
    key = { accountId: wanted.accountId, accessKeyId: wanted.accessKeyId, secret: wanted.secret };
  } else {
    const path = join(files.dir, "dev-access-key.json");
    key = JSON.parse(
      privateFile(path, () => {
        const id = `KWDEV${Buffer.from(deps.randomBytes(12)).toString("hex").toUpperCase()}`;
        const secret = Buffer.from(deps.randomBytes(24)).toString("base64url");
        return `${JSON.stringify({ accountId: wanted.accountId, accessKeyId: id, secret }, null, 2)}\n`;
      }),
    ) as DevelopmentAccessKey;
  }
  const existing = await accessKeyLookup(deps, 0)(key.accessKeyId);
  if (!existing) {
    await createAccessKey(deps, {
      accountId: key.accountId,
      accessKeyId: key.accessKeyId,
      secret: key.secret,
      description: "development",
    });
    return key;
  }
  const same =
    existing.accountId === key.accountId && Buffer.from(existing.secret).toString("utf8") === key.secret;
  existing.secret.fill(0);
  if (!same) {
    throw new ConfigurationError(
      `AccessKey ${key.accessKeyId} already exists with another secret or account; choose another KEYWARD_ACCESS_KEY_ID.`,
    );
  }
  return key;
}
