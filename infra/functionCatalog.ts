import { ACTION_NAMES, type ActionName, OPERATIONS } from "../functions/operations";

/**
 * Every Lambda function of Keyward and what each may touch at run time (DESIGN sections 7-10), in one place: the
 * infrastructure links each function only to what it needs (infra/api.ts, events.ts, cron.ts), and the bundle test
 * checks that a function's bundle carries pkcs11js or sm-crypto-v2 only when it needs them. Plain data, no SST.
 */
export interface FunctionNeeds {
  /** The DynamoDB table (every API operation authenticates against the AccessKeys in it). */
  readonly table: boolean;
  /** Writes to the table (state changes, durable nonces, new keys); without it, reads only (tableActions). */
  readonly tableWrites: boolean;
  /** The root keyring: wraps or unwraps SOFTWARE key material. */
  readonly rootKeys: boolean;
  /** The HSM function: creates, uses or destroys HSM key material. */
  readonly hsm: boolean;
  /** The inbox and encrypted buckets (event-triggered object encryption, DESIGN section 9). */
  readonly buckets: boolean;
  /**
   * May run sm-crypto-v2, Keyward's SM4: touches key material. (SM2 is OpenSSL's point arithmetic,
   * core/crypto/asymmetric/ecArithmetic.ts: an operation with an SM2 public key only needs no sm-crypto-v2.)
   */
  readonly smCrypto: boolean;
  /** Loads the PKCS#11 addon (pkcs11js): only the HSM function. */
  readonly pkcs11: boolean;
}

/** One function: its bundle name, its handler module under functions/, and its needs. */
export interface FunctionEntry {
  /** The bundle and component name: the operation's module (`encrypt`) or the worker's file name (`rotate-keys`). */
  readonly name: string;
  /** The handler module, `functions/<module>.ts` exporting `handler`. */
  readonly module: string;
  /** The Action for an API operation; absent for the other functions. */
  readonly action?: ActionName;
  readonly needs: FunctionNeeds;
}

/**
 * Operations that create or use secret or private key material, SOFTWARE (wrapped under a root key) or HSM: key and
 * version creation, the symmetric data plane, data keys, and the private-key halves of the asymmetric operations.
 * The public-key halves (AsymmetricEncrypt, AsymmetricVerify) and GetPublicKey work from the stored public key
 * (AsymmetricEncrypt still asks the HSM about its capabilities: HSM_CAPABILITY_ACTIONS).
 */
export const MATERIAL_ACTIONS: ReadonlySet<ActionName> = new Set<ActionName>([
  "CreateKey",
  "CreateKeyVersion",
  "Encrypt",
  "Decrypt",
  "ReEncrypt",
  "GenerateDataKey",
  "GenerateDataKeyWithoutPlaintext",
  "ExportDataKey",
  "GenerateAndExportDataKey",
  "AsymmetricDecrypt",
  "AsymmetricSign",
]);

/**
 * Operations that use no private material but must ask the HSM what it can do: AsymmetricEncrypt with an HSM key
 * checks that the HSM can decrypt the algorithm before it encrypts with the stored public key, so it never makes a
 * ciphertext nobody can open (core/service/crypto/asymmetric.ts).
 */
export const HSM_CAPABILITY_ACTIONS: ReadonlySet<ActionName> = new Set<ActionName>(["AsymmetricEncrypt"]);

const NOTHING: FunctionNeeds = {
  table: false,
  tableWrites: false,
  rootKeys: false,
  hsm: false,
  buckets: false,
  smCrypto: false,
  pkcs11: false,
};

/** What the function of an API operation needs. */
export function operationNeeds(action: ActionName): FunctionNeeds {
  const material = MATERIAL_ACTIONS.has(action);
  return {
    ...NOTHING,
    table: true,
    // State-changing operations write the key or alias and claim their nonce durably; the others only read.
    tableWrites: OPERATIONS[action].category === "state-changing",
    // Every operation authenticates its request, and AccessKey secrets are stored wrapped under the root keys.
    rootKeys: true,
    hsm: material || HSM_CAPABILITY_ACTIONS.has(action),
    smCrypto: material,
  };
}

/** The functions that are not API operations (DESIGN section 2). */
export const WORKER_FUNCTIONS: readonly FunctionEntry[] = [
  { name: "hsm", module: "hsm", needs: { ...NOTHING, pkcs11: true } },
  /* Service keys are AES-256 (DESIGN section 1), never HSM or SM. */
  {
    name: "encrypt-object",
    module: "encrypt-object",
    needs: { ...NOTHING, table: true, tableWrites: true, rootKeys: true, buckets: true },
  },
  /* Rotation creates versions of any key: SOFTWARE (SM included) or HSM. */
  {
    name: "rotate-keys",
    module: "rotate-keys",
    needs: { ...NOTHING, table: true, tableWrites: true, rootKeys: true, hsm: true, smCrypto: true },
  },
  /* Purging destroys HSM objects; SOFTWARE material is only the wrapped bytes in the item. The root keys are
     linked because the composition root (functions/lib/deps.ts) opens the keyring at cold start. */
  {
    name: "purge-keys",
    module: "purge-keys",
    needs: { ...NOTHING, table: true, tableWrites: true, rootKeys: true, hsm: true },
  },
];

/** One entry per API operation, in the order of functions/operations.ts. */
export const OPERATION_FUNCTIONS: readonly FunctionEntry[] = ACTION_NAMES.map((action) => ({
  name: OPERATIONS[action].module,
  module: OPERATIONS[action].module,
  action,
  needs: operationNeeds(action),
}));

/** Every function: the API operations, then the workers. */
export const ALL_FUNCTIONS: readonly FunctionEntry[] = [...OPERATION_FUNCTIONS, ...WORKER_FUNCTIONS];

/** The DynamoDB calls of every function with the table (core/store makes no others in the cloud). */
export const TABLE_READ_ACTIONS: readonly string[] = ["dynamodb:GetItem", "dynamodb:Query"];
/** The DynamoDB calls of the functions that write. */
export const TABLE_WRITE_ACTIONS: readonly string[] = [
  "dynamodb:PutItem",
  "dynamodb:UpdateItem",
  "dynamodb:DeleteItem",
];

/**
 * The IAM actions a function may take on the table and its indexes: reads, plus writes where it writes. Never
 * table-level actions (UpdateTable, DeleteTable), Scan, PartiQL or exports: SST's own link would grant `dynamodb:*`.
 * test/integration/api/tablePermissions.test.ts checks every operation's store calls against this.
 */
export function tableActions(needs: FunctionNeeds): readonly string[] {
  if (!needs.table) return [];
  return needs.tableWrites ? [...TABLE_READ_ACTIONS, ...TABLE_WRITE_ACTIONS] : TABLE_READ_ACTIONS;
}
