import { KmsError } from "./errors";

/** A configuration that cannot work; thrown at cold start, never per request (STYLE rules 15 and 17). */
export class ConfigurationError extends KmsError {
  constructor(message: string) {
    super("InternalFailure", 500, message);
  }
}

/** Where HSM operations go (DESIGN section 8). */
export type HsmSettings =
  | { readonly mode: "none" }
  /** The cloud: the PKCS#11 client Lambda inside the VPC. */
  | { readonly mode: "lambda"; readonly functionName: string }
  /** One machine and tests: the same handler code in-process against SoftHSM. */
  | {
      readonly mode: "in-process";
      readonly libraryPath: string;
      readonly tokenLabel: string;
      readonly pin: string;
    };

/** Keyward's typed configuration, read once. */
export interface KeywardConfig {
  /** The region in ARNs and DescribeRegions. */
  readonly region: string;
  /** The DynamoDB table holding keys, aliases, AccessKeys and nonces. */
  readonly tableName: string;
  /** A DynamoDB endpoint override (the local dynalite); absent in the cloud. */
  readonly dynamoEndpoint?: string;
  /** The root keyring as JSON `{"primary":"<id>","keys":{"<id>":"<base64 32 bytes>"}}`: a secret. */
  readonly rootKeys: string;
  /** How long a warm instance trusts a cached key record (DESIGN section 7). */
  readonly keyCacheTtlMs: number;
  /** How many unwrapped key versions a warm instance keeps. */
  readonly materialCacheEntries: number;
  readonly hsm: HsmSettings;
}

/** The names Keyward reads; in the cloud the SST links fill the same names (functions/lib/configSource.ts). */
export type ConfigSource = Readonly<Record<string, string | undefined>>;

function required(source: ConfigSource, name: string): string {
  const value = source[name];
  if (value === undefined || value === "") throw new ConfigurationError(`${name} is required.`);
  return value;
}

function positiveInteger(source: ConfigSource, name: string, fallback: number): number {
  const text = source[name];
  if (text === undefined || text === "") return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0)
    throw new ConfigurationError(`${name} must be a positive integer.`);
  return value;
}

function hsmSettings(source: ConfigSource): HsmSettings {
  const mode = source.KEYWARD_HSM_MODE ?? "none";
  if (mode === "none") return { mode };
  if (mode === "lambda") return { mode, functionName: required(source, "KEYWARD_HSM_FUNCTION") };
  if (mode === "in-process") {
    return {
      mode,
      libraryPath: required(source, "KEYWARD_PKCS11_LIBRARY"),
      tokenLabel: required(source, "KEYWARD_HSM_TOKEN_LABEL"),
      pin: required(source, "KEYWARD_HSM_PIN"),
    };
  }
  throw new ConfigurationError(`KEYWARD_HSM_MODE must be none, lambda or in-process, not "${mode}".`);
}

/**
 * Reads the configuration from its source (environment variables, with SST link values mapped onto the same
 * names in the cloud). The only place in core that knows variable names.
 * @throws ConfigurationError naming the first missing or malformed setting.
 */
export function readConfig(source: ConfigSource): KeywardConfig {
  return {
    region: source.KEYWARD_REGION || "cn-hangzhou",
    tableName: required(source, "KEYWARD_TABLE_NAME"),
    ...(source.KEYWARD_DYNAMODB_ENDPOINT ? { dynamoEndpoint: source.KEYWARD_DYNAMODB_ENDPOINT } : {}),
    rootKeys: required(source, "KEYWARD_ROOT_KEYS"),
    keyCacheTtlMs: positiveInteger(source, "KEYWARD_KEY_CACHE_TTL_MS", 5_000),
    materialCacheEntries: positiveInteger(source, "KEYWARD_MATERIAL_CACHE_ENTRIES", 1_000),
    hsm: hsmSettings(source),
  };
}
