import { InternalFailureError, isKmsError, type KmsError } from "../errors";
import type { HsmOp, HsmRequest, HsmResults } from "./contract";
import type { HsmDriver } from "./HsmDriver";
import { parseHsmRequest } from "./hsmRequestCodec";
import { encodeHsmFailure, encodeHsmSuccess } from "./hsmResponseCodec";
import { SessionPoolClosedError } from "./SessionPool";

/** Hooks of the handler. */
export interface HsmRequestHandlerOptions {
  /**
   * Sees every failure before it is answered (to log it with its cause; the cause never leaves), with the driver
   * that failed when the request got one.
   */
  readonly onError?: (error: KmsError, driver?: HsmDriver) => void;
}

async function run(driver: HsmDriver, request: HsmRequest): Promise<HsmResults[HsmOp]> {
  switch (request.op) {
    case "capabilities":
      return { capabilities: await driver.capabilities() };
    case "generateKey": {
      const { accountId, keyId, versionId, keySpec, keyUsage } = request;
      return driver.generateKey({ accountId, keyId, versionId, keySpec }, keyUsage);
    }
    case "encrypt":
      try {
        return await driver.encrypt(request.label, request.plaintext, request.aad);
      } finally {
        request.plaintext.fill(0);
      }
    case "decrypt":
      if (request.algorithm === "AES_GCM") {
        const { nonce, ciphertext, tag } = request;
        return { plaintext: await driver.decrypt(request.label, { nonce, ciphertext, tag }, request.aad) };
      }
      return {
        plaintext: await driver.asymmetricDecrypt(request.label, request.algorithm, request.ciphertext),
      };
    case "sign":
      return { signature: await driver.sign(request.label, request.algorithm, request.digest) };
    case "verify":
      return {
        valid: await driver.verify(request.label, request.algorithm, request.digest, request.signature),
      };
    case "getPublicKey":
      return { publicKey: await driver.getPublicKey(request.label) };
    case "destroyKey":
      return { destroyed: await driver.destroyKey(request.label) };
  }
}

/**
 * Runs one request of the HSM contract (contract.ts) against a driver and answers with the response's JSON
 * value. Shared by the HSM Lambda (functions/hsm.ts) and InProcessHsmClient, so both run the same code.
 * Never throws: a malformed request, an unreachable HSM or a failed operation is a failure response carrying the
 * KmsError (anything else becomes InternalFailure). Plaintext buffers are zeroed once encoded.
 * @param driver gives the driver; it may fail (ServiceUnavailableError when the HSM cannot be reached).
 */
export async function handleHsmRequest(
  driver: () => Promise<HsmDriver>,
  event: unknown,
  options: HsmRequestHandlerOptions = {},
): Promise<Record<string, unknown>> {
  let used: HsmDriver | undefined;
  try {
    const request = parseHsmRequest(event);
    const first = await driver();
    used = first;
    const result = await run(first, request).catch(async (error: unknown) => {
      // Queued on a driver replaced meanwhile: the operation never ran, so the replacement runs it.
      const replacement = error instanceof SessionPoolClosedError ? await driver() : first;
      if (replacement === first) throw error;
      used = replacement;
      return run(replacement, request);
    });
    const response = encodeHsmSuccess(request.op, result);
    if ("plaintext" in result) result.plaintext.fill(0);
    return response;
  } catch (error) {
    const failure = isKmsError(error) ? error : new InternalFailureError({ cause: error });
    options.onError?.(failure, used);
    return encodeHsmFailure(failure);
  }
}
