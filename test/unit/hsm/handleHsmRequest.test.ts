import { describe, expect, it } from "vitest";
import { type KmsError, ServiceUnavailableError } from "../../../core/errors";
import type { HsmDriver } from "../../../core/hsm/HsmDriver";
import { handleHsmRequest } from "../../../core/hsm/handleHsmRequest";
import { SessionPoolClosedError } from "../../../core/hsm/SessionPool";

// The handler's failure paths, before or instead of a driver; its success paths run against SoftHSM in
// test/integration/hsm/ (hsmFunction, HsmCryptoProvider, concurrency).

describe("handleHsmRequest", () => {
  it("answers an unreachable HSM with ServiceUnavailableTemporary and reports the error", async () => {
    const seen: KmsError[] = [];
    const response = await handleHsmRequest(
      async () => {
        throw new ServiceUnavailableError("the HSM login failed (CKR_PIN_INCORRECT).");
      },
      { v: 1, op: "capabilities" },
      { onError: (error) => seen.push(error) },
    );
    expect(response).toEqual({
      v: 1,
      ok: false,
      error: {
        code: "ServiceUnavailableTemporary",
        httpStatus: 503,
        message: "The service is temporarily unavailable: the HSM login failed (CKR_PIN_INCORRECT).",
      },
    });
    expect(seen[0]).toBeInstanceOf(ServiceUnavailableError);
  });

  it("answers a malformed request without opening the driver", async () => {
    let opened = 0;
    const driver = async () => {
      opened += 1;
      return {} as HsmDriver;
    };
    const response = await handleHsmRequest(driver, {
      v: 1,
      op: "sign",
      label: "l",
      algorithm: "ECDSA_SHA_256",
      digest: "*",
    });
    expect(response).toMatchObject({
      ok: false,
      error: { code: "InternalFailure", httpStatus: 500, message: "Internal Failure." },
    });
    expect(opened).toBe(0);
  });

  it("turns anything that is not a KmsError into InternalFailure, never echoing it", async () => {
    const seen: KmsError[] = [];
    const response = await handleHsmRequest(
      async () => {
        throw new Error("secret detail");
      },
      { v: 1, op: "capabilities" },
      { onError: (error) => seen.push(error) },
    );
    expect(JSON.stringify(response)).not.toContain("secret detail");
    expect(response).toMatchObject({ ok: false, error: { code: "InternalFailure" } });
    expect((seen[0]!.cause as Error).message).toBe("secret detail");
  });

  it("runs a request queued on a driver that closed meanwhile on its replacement, once", async () => {
    const closedPool = {
      capabilities: async () => {
        throw new SessionPoolClosedError();
      },
    } as unknown as HsmDriver;
    const replacement = {
      capabilities: async () => ({ mechanisms: [], ecCurves: [], oaepSha256: false }),
    } as unknown as HsmDriver;
    const drivers = [closedPool, replacement];
    const seen: [KmsError, HsmDriver | undefined][] = [];
    const answer = await handleHsmRequest(
      async () => drivers.shift() ?? replacement,
      { v: 1, op: "capabilities" },
      { onError: (error, driver) => seen.push([error, driver]) },
    );
    expect(answer).toMatchObject({ ok: true });
    expect(seen).toEqual([]);
    // The same driver again (nothing replaced it): the failure is answered, naming the driver that failed.
    const stuck = await handleHsmRequest(
      async () => closedPool,
      { v: 1, op: "capabilities" },
      { onError: (error, driver) => seen.push([error, driver]) },
    );
    expect(stuck).toMatchObject({ ok: false, error: { code: "ServiceUnavailableTemporary" } });
    expect(seen.map(([error, driver]) => [error.constructor.name, driver === closedPool])).toEqual([
      ["SessionPoolClosedError", true],
    ]);
  });
});
