import type { ConfigSource } from "../../core/config";

/**
 * Which SST link fills which configuration name (infra/*.ts links each function to what it uses; docs/deploy.md).
 * `field` is the property of `Resource.<link>` holding the value.
 */
export const SST_LINKS: readonly { link: string; field: "name" | "value"; variable: string }[] = [
  { link: "Keys", field: "name", variable: "KEYWARD_TABLE_NAME" },
  { link: "RootKeys", field: "value", variable: "KEYWARD_ROOT_KEYS" },
  { link: "Hsm", field: "name", variable: "KEYWARD_HSM_FUNCTION" },
  { link: "HsmPin", field: "value", variable: "KEYWARD_HSM_PIN" },
  { link: "Inbox", field: "name", variable: "KEYWARD_INBOX_BUCKET" },
  { link: "Encrypted", field: "name", variable: "KEYWARD_ENCRYPTED_BUCKET" },
];

/** Whether SST linked resources into this process (the variables SST's runtime `Resource` reads). */
function sstLinksPresent(env: NodeJS.ProcessEnv): boolean {
  return Boolean(
    env.SST_KEY_FILE ||
      env.SST_RESOURCES_JSON ||
      Object.keys(env).some((name) => name.startsWith("SST_RESOURCE_")),
  );
}

/**
 * Where the functions read their configuration (core/config.ts names): the environment, with the values of the
 * function's SST links (STYLE rule 15: `Resource.Keys.name`, `Resource.RootKeys.value`, ...) filled in under the
 * same names. Outside SST (the local server, tests) it is the environment alone. Read once, at cold start.
 */
export async function configSource(env: NodeJS.ProcessEnv = process.env): Promise<ConfigSource> {
  if (!sstLinksPresent(env)) return env;
  const { Resource } = await import("sst");
  const linked = Resource as unknown as Record<string, Record<string, unknown> | undefined>;
  const values: Record<string, string | undefined> = { ...env };
  for (const { link, field, variable } of SST_LINKS) {
    let resource: Record<string, unknown> | undefined;
    try {
      resource = linked[link];
    } catch {
      resource = undefined; // not linked to this function: the Resource proxy throws for unknown names
    }
    const value = resource?.[field];
    if (typeof value === "string" && value !== "") values[variable] = value;
  }
  return values;
}
