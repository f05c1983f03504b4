import type { InvokeCommand } from "@aws-sdk/client-lambda";
import { describe, expect, it } from "vitest";
import { InvalidCiphertextError, ServiceUnavailableError } from "../../../core/errors";
import { HsmProtocolError } from "../../../core/hsm/HsmProtocolError";
import { LambdaHsmClient, type LambdaInvoker } from "../../../core/hsm/LambdaHsmClient";

// AWS cannot be reached from here: these tests give LambdaHsmClient a fake `send` that records the InvokeCommand and
// answers as the Lambda service would. The HSM function itself runs for real in test/integration/hsm/.

type Output = Awaited<ReturnType<LambdaInvoker["send"]>>;
const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

function fakeLambda(answer: (command: InvokeCommand) => Output | Promise<Output>) {
  const commands: InvokeCommand[] = [];
  const lambda: LambdaInvoker = {
    async send(command) {
      commands.push(command);
      return answer(command);
    },
  };
  return { lambda, commands };
}

describe("LambdaHsmClient (fake Lambda service)", () => {
  it("invokes the HSM function synchronously with the request's JSON and parses the answer", async () => {
    const { lambda, commands } = fakeLambda(() => ({
      StatusCode: 200,
      Payload: json({ v: 1, ok: true, op: "sign", signature: "AQID" }),
    }));
    const client = new LambdaHsmClient({ functionName: "keyward-hsm", lambda });
    const result = await client.send({
      op: "sign",
      label: "kw:1:k:v",
      algorithm: "ECDSA_SHA_256",
      digest: Uint8Array.of(9),
    });
    expect(result).toEqual({ signature: Uint8Array.of(1, 2, 3) });
    const input = commands[0]!.input;
    expect(input.FunctionName).toBe("keyward-hsm");
    expect(input.InvocationType).toBe("RequestResponse");
    expect(JSON.parse(new TextDecoder().decode(input.Payload as Uint8Array))).toEqual({
      v: 1,
      op: "sign",
      label: "kw:1:k:v",
      algorithm: "ECDSA_SHA_256",
      digest: "CQ==",
    });
  });

  it("rethrows the KmsError the HSM function answered", async () => {
    const { lambda } = fakeLambda(() => ({
      StatusCode: 200,
      Payload: json({
        v: 1,
        ok: false,
        error: { code: "InvalidCiphertext", httpStatus: 400, message: "bad" },
      }),
    }));
    const client = new LambdaHsmClient({ functionName: "f", lambda });
    await expect(client.send({ op: "getPublicKey", label: "kw:1:k:v" })).rejects.toBeInstanceOf(
      InvalidCiphertextError,
    );
  });

  it("Precondition: the HSM function ran to completion (no FunctionError, status 200, a payload)", async () => {
    const answers: Output[] = [
      { StatusCode: 200, FunctionError: "Unhandled", Payload: json({ errorMessage: "Task timed out" }) },
      { StatusCode: 500, Payload: json({}) },
      { StatusCode: 200 },
      { StatusCode: 200, Payload: new Uint8Array(0) },
    ];
    for (const answer of answers) {
      const client = new LambdaHsmClient({ functionName: "f", lambda: fakeLambda(() => answer).lambda });
      await expect(client.send({ op: "capabilities" }), JSON.stringify(answer)).rejects.toBeInstanceOf(
        ServiceUnavailableError,
      );
    }
  });

  it("an invocation that fails (network, throttling, permissions) is ServiceUnavailableError", async () => {
    const { lambda } = fakeLambda(() => {
      throw Object.assign(new Error("Rate exceeded"), { name: "TooManyRequestsException" });
    });
    const failure = await new LambdaHsmClient({ functionName: "f", lambda })
      .send({ op: "capabilities" })
      .catch((e) => e);
    expect(failure).toBeInstanceOf(ServiceUnavailableError);
    expect((failure.cause as Error).name).toBe("TooManyRequestsException");
  });

  it("an answer that is not the contract is HsmProtocolError", async () => {
    for (const Payload of [
      new TextEncoder().encode("not json"),
      Uint8Array.of(0xff, 0xfe),
      json({ v: 1, ok: true }),
    ]) {
      const client = new LambdaHsmClient({
        functionName: "f",
        lambda: fakeLambda(() => ({ StatusCode: 200, Payload })).lambda,
      });
      await expect(client.send({ op: "capabilities" })).rejects.toBeInstanceOf(HsmProtocolError);
    }
  });
});
