import { randomUUID } from "node:crypto";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { CryptoProvider } from "../../core/crypto/CryptoProvider";
import { MaterialCache } from "../../core/crypto/MaterialCache";
import { pooledRandomBytes } from "../../core/crypto/pooledRandomBytes";
import type { RootKeyring } from "../../core/crypto/rootKeyring";
import { SoftwareCryptoProvider } from "../../core/crypto/SoftwareCryptoProvider";
import { RejectedUnsupportedOperationError } from "../../core/errors";
import type { ProtectionLevel } from "../../core/keys/types";
import { KeyCache } from "../../core/service/KeyCache";
import type { ServiceDeps } from "../../core/service/ServiceDeps";
import type { AccessKeyRepository } from "../../core/store/AccessKeyRepository";
import { DynamoAccessKeyRepository } from "../../core/store/DynamoAccessKeyRepository";
import { DynamoAliasRepository } from "../../core/store/DynamoAliasRepository";
import { DynamoKeyRepository } from "../../core/store/DynamoKeyRepository";
import { DynamoNonceRepository } from "../../core/store/DynamoNonceRepository";
import type { NonceRepository } from "../../core/store/NonceRepository";
import type { StoreOperation } from "../../core/store/translateStoreError";

/** What the composition root is built from: clients and settings created once per instance. */
export interface ComposeOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  readonly region: string;
  readonly keyring: RootKeyring;
  readonly materialCacheEntries: number;
  readonly keyCacheTtlMs: number;
  /** The HSM protection level's provider; absent when HSM keys are not offered here. */
  readonly hsm?: CryptoProvider;
  /** Why HSM keys are not offered (shown to callers who ask for one). */
  readonly hsmUnavailableReason?: string;
  readonly clock?: () => Date;
  /** Called before every DynamoDB request (tests and benchmarks count store calls). */
  readonly onStoreCall?: (operation: StoreOperation) => void;
}

/** The services' dependencies plus the stores the authentication layer needs. */
export interface ComposedDeps extends ServiceDeps {
  readonly accessKeys: AccessKeyRepository;
  readonly nonces: NonceRepository;
  readonly keyring: RootKeyring;
}

/**
 * The one composition root of Keyward (used by the Lambda handlers, the local server and the tests): DynamoDB
 * repositories over one table, the SOFTWARE provider with its material cache, the optional HSM provider, the warm
 * key cache, the clock and the random sources.
 */
export function composeServiceDeps(options: ComposeOptions): ComposedDeps {
  const clock = options.clock ?? (() => new Date());
  // node:crypto's CSPRNG drawn in 4 KiB blocks: a nonce per Encrypt costs a copy, not an OpenSSL call.
  const randomBytes = pooledRandomBytes();
  const store = { client: options.client, tableName: options.tableName, onCall: options.onStoreCall };
  const software = new SoftwareCryptoProvider({
    keyring: options.keyring,
    cache: new MaterialCache({ maxEntries: options.materialCacheEntries }),
    randomBytes,
  });
  const unavailable =
    options.hsmUnavailableReason ?? "This Keyward has no HSM configured (KEYWARD_HSM_MODE is none).";
  const crypto = (level: ProtectionLevel): CryptoProvider => {
    if (level === "SOFTWARE") return software;
    if (options.hsm) return options.hsm;
    throw new RejectedUnsupportedOperationError(`HSM keys are not available: ${unavailable}`);
  };
  return {
    keys: new DynamoKeyRepository(store),
    aliases: new DynamoAliasRepository(store),
    accessKeys: new DynamoAccessKeyRepository(store),
    nonces: new DynamoNonceRepository({ ...store, clock }),
    keyring: options.keyring,
    crypto,
    clock,
    newId: randomUUID,
    randomBytes,
    region: options.region,
    keyCache: new KeyCache(clock, options.keyCacheTtlMs),
  };
}
