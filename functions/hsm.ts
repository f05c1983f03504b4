/**
 * The HSM function (DESIGN sections 8 and 10): the PKCS#11 client Lambda that runs in private subnets of the VPC
 * next to the CloudHSM cluster and loads the vendor's PKCS#11 library. It answers requests of the HSM contract
 * (core/hsm/contract.ts), invoked by LambdaHsmClient; locally InProcessHsmClient runs the same handleHsmRequest.
 *
 * Configuration: core/hsm/hsmConfig.ts (library path, token label, the PIN from a secret). The driver is opened on
 * the first invocation and reused by every warm invocation; an HSM that became unavailable is reopened on the
 * next one. Requests and responses are never logged (they hold plaintext); failures are, with their cause.
 */
import type { KmsError } from "../core/errors";
import { handleHsmRequest } from "../core/hsm/handleHsmRequest";
import { parseHsmConfig } from "../core/hsm/hsmConfig";
import { LazyHsmDriver } from "../core/hsm/LazyHsmDriver";
import { Pkcs11Driver } from "../core/hsm/Pkcs11Driver";
import { configSource } from "./lib/configSource";
import { getLogger } from "./lib/logger";

let driver: LazyHsmDriver | undefined;

function logFailure(error: KmsError): void {
  const fields = { code: error.code, httpStatus: error.httpStatus, cause: error.cause };
  if (error.httpStatus >= 500) getLogger().error(`HSM request failed: ${error.message}`, fields);
  else getLogger().info(`HSM request refused: ${error.message}`, fields);
}

/** The Lambda entry point: one contract request in (the invocation payload), one contract response out. */
export const handler = async (event: unknown): Promise<Record<string, unknown>> => {
  driver ??= new LazyHsmDriver(async () => Pkcs11Driver.open(parseHsmConfig(await configSource())));
  const holder = driver;
  return handleHsmRequest(holder.get, event, {
    onError: (error, failed) => {
      logFailure(error);
      holder.onError(error, failed);
    },
  });
};
