import { DynamoAccessKeyRepository } from "./DynamoAccessKeyRepository";
import { DynamoAliasRepository } from "./DynamoAliasRepository";
import { DynamoKeyRepository } from "./DynamoKeyRepository";
import { DynamoNonceRepository } from "./DynamoNonceRepository";
import type { DynamoStoreOptions } from "./DynamoTable";

/** Every repository of the one table (DESIGN section 5), sharing one client, table name and `onCall` hook. */
export interface DynamoStores {
  readonly keys: DynamoKeyRepository;
  readonly aliases: DynamoAliasRepository;
  readonly accessKeys: DynamoAccessKeyRepository;
  readonly nonces: DynamoNonceRepository;
}

/**
 * Builds the four DynamoDB repositories at once (cold start, local stack, tests); `clock` decides which nonce
 * claims have expired.
 * @throws InvalidParameterError for bad options.
 */
export function createDynamoStores(
  options: DynamoStoreOptions & { readonly clock: () => Date },
): DynamoStores {
  return {
    keys: new DynamoKeyRepository(options),
    aliases: new DynamoAliasRepository(options),
    accessKeys: new DynamoAccessKeyRepository(options),
    nonces: new DynamoNonceRepository(options),
  };
}
