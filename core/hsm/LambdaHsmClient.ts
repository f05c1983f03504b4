import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { ServiceUnavailableError } from "../errors";
import { JsonHsmClient } from "./HsmClient";
import { HsmProtocolError } from "./HsmProtocolError";

/** What the client needs of a Lambda client: send an InvokeCommand (a LambdaClient, or a fake in unit tests). */
export interface LambdaInvoker {
  send(
    command: InvokeCommand,
  ): Promise<{ StatusCode?: number; FunctionError?: string; Payload?: Uint8Array }>;
}

/** Where the HSM function is and how to reach it. */
export interface LambdaHsmClientOptions {
  /** The HSM function's name or ARN (functions/hsm.ts, deployed inside the VPC). */
  readonly functionName: string;
  /** The Lambda client; by default a LambdaClient created on first use and reused (STYLE rule 17). */
  readonly lambda?: LambdaInvoker;
}

const decoder = new TextDecoder("utf-8", { fatal: true });

/**
 * The HsmClient of the cloud (DESIGN section 8): invokes the HSM function synchronously (InvokeCommand,
 * RequestResponse) with the request's JSON as payload and parses the JSON it answers. A failed invocation
 * (network, throttling, permissions), a function error (crash, timeout) or an empty answer is a
 * ServiceUnavailableError; an answer the contract does not allow is an HsmProtocolError.
 */
export class LambdaHsmClient extends JsonHsmClient {
  constructor(options: LambdaHsmClientOptions) {
    let lambda = options.lambda;
    super(async (requestJson) => {
      // One attempt: a retry of an invocation that timed out could run beside it (two key generations of one
      // version at once); the caller's client retries a 503 instead.
      lambda ??= new LambdaClient({ maxAttempts: 1 });
      let output: Awaited<ReturnType<LambdaInvoker["send"]>>;
      try {
        output = await lambda.send(
          new InvokeCommand({
            FunctionName: options.functionName,
            InvocationType: "RequestResponse",
            Payload: new TextEncoder().encode(requestJson),
          }),
        );
      } catch (error) {
        throw new ServiceUnavailableError("the HSM function cannot be invoked.", { cause: error });
      }
      /* Precondition: the HSM function ran to completion (no FunctionError, status 200, a payload). */
      if (output.FunctionError !== undefined) {
        throw new ServiceUnavailableError("the HSM function failed.", { cause: output.FunctionError });
      }
      if (output.StatusCode !== 200 || output.Payload === undefined || output.Payload.length === 0) {
        throw new ServiceUnavailableError("the HSM function gave no answer.", { cause: output.StatusCode });
      }
      try {
        return decoder.decode(output.Payload);
      } catch {
        throw new HsmProtocolError("HSM response is not UTF-8");
      }
    });
  }
}
