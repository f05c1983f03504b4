import type { HsmRequest, HsmResultOf } from "./contract";
import { HsmProtocolError } from "./HsmProtocolError";
import { encodeHsmRequest } from "./hsmRequestCodec";
import { parseHsmResponse } from "./hsmResponseCodec";

/**
 * The way to the HSM (DESIGN section 8): one request of the HSM contract in, its result out. Implementations:
 * LambdaHsmClient (the cloud) and InProcessHsmClient (one machine, tests), both JsonHsmClients, so the contract's
 * serialisation is exercised on every call.
 */
export interface HsmClient {
  /**
   * Sends one request.
   * @returns the decoded result of the request's op.
   * @throws the KmsError the HSM answered (InvalidCiphertextError, RejectedUnsupportedOperationError, ...);
   *   ServiceUnavailableError when the HSM cannot be reached; HsmProtocolError for a malformed response.
   */
  send<R extends HsmRequest>(request: R): Promise<HsmResultOf<R>>;
}

/** Carries one request's JSON text to the HSM side and brings the response's JSON text back. */
export type HsmTransport = (requestJson: string) => Promise<string>;

/** An HsmClient over a JSON transport: encodes the request (contract.ts), sends it, parses the response strictly. */
export class JsonHsmClient implements HsmClient {
  constructor(private readonly transport: HsmTransport) {}

  async send<R extends HsmRequest>(request: R): Promise<HsmResultOf<R>> {
    const responseJson = await this.transport(JSON.stringify(encodeHsmRequest(request)));
    let response: unknown;
    try {
      response = JSON.parse(responseJson);
    } catch {
      throw new HsmProtocolError("HSM response is not JSON");
    }
    return parseHsmResponse(request.op, response) as HsmResultOf<R>;
  }
}
