import { describe, expect, it } from "vitest";
import { ServiceUnavailableError } from "../../../core/errors";
import { createHsmClient } from "../../../core/hsm/createHsmClient";
import { InProcessHsmClient } from "../../../core/hsm/InProcessHsmClient";
import { LambdaHsmClient } from "../../../core/hsm/LambdaHsmClient";

describe("createHsmClient", () => {
  it("gives no client when HSM keys are not offered", () => {
    expect(createHsmClient({ mode: "none" })).toBeUndefined();
  });

  it("gives the Lambda client in the cloud (nothing is invoked until a request)", () => {
    expect(createHsmClient({ mode: "lambda", functionName: "keyward-hsm" })).toBeInstanceOf(LambdaHsmClient);
  });

  it("gives the in-process client locally; it opens the library only at the first request", async () => {
    const client = createHsmClient({
      mode: "in-process",
      libraryPath: "/nonexistent/libpkcs11.so",
      tokenLabel: "t",
      pin: "1234",
    });
    expect(client).toBeInstanceOf(InProcessHsmClient);
    await expect(client!.send({ op: "capabilities" })).rejects.toBeInstanceOf(ServiceUnavailableError);
    await client!.close?.();
  });
});
