/**
 * Deploy-time settings of the cloud stack (DESIGN section 10), read once when `sst deploy` evaluates `run()`.
 *
 * They come from the deployer's environment (a CI job's variables), not from the functions' environment: the
 * functions get what they need through `link` and the `environment` blocks built from these settings. Nothing here is
 * secret; the root keys and the HSM PIN are SST secrets (infra/secrets.ts).
 *
 * | variable | meaning |
 * |---|---|
 * | `KEYWARD_REGION` | the region written into key ARNs (`acs:kms:<region>:…`); core's default when unset |
 * | `KEYWARD_CLOUDHSM_CLUSTER_ID` | a CloudHSM cluster (`cluster-…`) in the stack's VPC; unset = no HSM protection level |
 * | `KEYWARD_CLOUDHSM_SECURITY_GROUP` | the security group CloudHSM created for that cluster (`sg-…`) |
 * | `KEYWARD_CLOUDHSM_LAYER_ARN` | the Lambda layer holding the CloudHSM PKCS#11 library, its configuration and CA |
 * | `KEYWARD_PKCS11_LIBRARY` | the library's path inside the layer (default below) |
 * | `KEYWARD_HSM_TOKEN_LABEL` | the token the library exposes (default `hsm1`, CloudHSM's single slot) |
 * | `KEYWARD_DELETE_INBOX_OBJECTS` | `true`: the object encryption deletes each inbox object once its encrypted copy is written (default `false`: the plaintext stays until the operator removes it) |
 */

/** Where the CloudHSM Client SDK 5 PKCS#11 library lands when its `/opt/cloudhsm` tree is packed as a layer. */
export const DEFAULT_PKCS11_LIBRARY = "/opt/cloudhsm/lib/libcloudhsm_pkcs11.so";

/** The label of the one token CloudHSM's PKCS#11 library (Client SDK 5) exposes. */
export const DEFAULT_HSM_TOKEN_LABEL = "hsm1";

/** How the HSM function reaches an existing CloudHSM cluster. */
export interface CloudHsmSettings {
  readonly clusterId: string;
  readonly clusterSecurityGroupId: string;
  readonly layerArn: string;
  readonly libraryPath: string;
  readonly tokenLabel: string;
}

/** The typed deploy-time settings. */
export interface DeploySettings {
  readonly stage: string;
  /** `production` retains and protects stateful resources (the table, the buckets). */
  readonly isProduction: boolean;
  /** The ARN region, when the deployer sets one. */
  readonly keywardRegion?: string;
  /** Absent when no cluster is configured: HSM keys are then refused with a clear message. */
  readonly cloudHsm?: CloudHsmSettings;
  /** Whether object encryption deletes the plaintext inbox object once the encrypted copy is written. */
  readonly deleteInboxObjects: boolean;
}

type Environment = Readonly<Record<string, string | undefined>>;

function present(env: Environment, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === "" ? undefined : value;
}

function requiredWith(env: Environment, name: string, because: string): string {
  const value = present(env, name);
  /* Precondition: every CloudHSM setting is given once a cluster is named. */
  if (value === undefined) throw new Error(`${name} is required when ${because} is set.`);
  return value;
}

function matching(name: string, value: string, pattern: RegExp, shape: string): string {
  /* Precondition: CloudHSM identifiers have their AWS shape. */
  if (!pattern.test(value)) throw new Error(`${name} must look like ${shape}, not "${value}".`);
  return value;
}

function cloudHsmSettings(env: Environment): CloudHsmSettings | undefined {
  const clusterId = present(env, "KEYWARD_CLOUDHSM_CLUSTER_ID");
  if (clusterId === undefined) return undefined;
  const because = "KEYWARD_CLOUDHSM_CLUSTER_ID";
  return {
    clusterId: matching(because, clusterId, /^cluster-[a-z0-9]+$/, "cluster-<id>"),
    clusterSecurityGroupId: matching(
      "KEYWARD_CLOUDHSM_SECURITY_GROUP",
      requiredWith(env, "KEYWARD_CLOUDHSM_SECURITY_GROUP", because),
      /^sg-[0-9a-f]+$/,
      "sg-<hex>",
    ),
    layerArn: matching(
      "KEYWARD_CLOUDHSM_LAYER_ARN",
      requiredWith(env, "KEYWARD_CLOUDHSM_LAYER_ARN", because),
      /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:layer:[A-Za-z0-9_-]+:\d+$/,
      "arn:aws:lambda:<region>:<account>:layer:<name>:<version>",
    ),
    libraryPath: present(env, "KEYWARD_PKCS11_LIBRARY") ?? DEFAULT_PKCS11_LIBRARY,
    tokenLabel: present(env, "KEYWARD_HSM_TOKEN_LABEL") ?? DEFAULT_HSM_TOKEN_LABEL,
  };
}

/**
 * Reads and checks the deploy-time settings once (STYLE rule 17).
 * @throws Error naming the setting when a CloudHSM setting is missing or malformed, or
 *   KEYWARD_DELETE_INBOX_OBJECTS is neither true nor false (the deploy stops before creating anything).
 */
export function readDeploySettings(stage: string, env: Environment): DeploySettings {
  const keywardRegion = present(env, "KEYWARD_REGION");
  const cloudHsm = cloudHsmSettings(env);
  const deleteInbox = present(env, "KEYWARD_DELETE_INBOX_OBJECTS") ?? "false";
  /* Precondition: KEYWARD_DELETE_INBOX_OBJECTS is true or false. */
  if (deleteInbox !== "true" && deleteInbox !== "false") {
    throw new Error(`KEYWARD_DELETE_INBOX_OBJECTS must be true or false, not "${deleteInbox}".`);
  }
  return {
    stage,
    isProduction: stage === "production",
    ...(keywardRegion ? { keywardRegion } : {}),
    ...(cloudHsm ? { cloudHsm } : {}),
    deleteInboxObjects: deleteInbox === "true",
  };
}
