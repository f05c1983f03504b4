import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ServiceUnavailableError } from "../../../core/errors";
import { HsmCryptoProvider } from "../../../core/hsm/HsmCryptoProvider";
import { InProcessHsmClient } from "../../../core/hsm/InProcessHsmClient";
import { Pkcs11Driver } from "../../../core/hsm/Pkcs11Driver";
import { createSoftHsmToken, hsmTestsEnabled, type SoftHsmToken } from "../../support/softhsm";
import { newIdentity } from "./softHsmFixture";

// Its own test file, so its own process: the wrong-PIN cases must run before anything logs in (once a process is
// logged in to a token, PKCS#11 answers CKR_USER_ALREADY_LOGGED_IN without looking at the PIN).
describe.skipIf(!hsmTestsEnabled("unreachable HSM against SoftHSM"))("an unreachable HSM (SoftHSM)", () => {
  let token: SoftHsmToken;

  beforeAll(async () => {
    token = (await createSoftHsmToken())!;
  });
  afterAll(async () => {
    await token?.cleanup();
  });

  it("a wrong PIN is ServiceUnavailableError naming CKR_PIN_INCORRECT, never the PIN", async () => {
    const failure = await Pkcs11Driver.open({ ...token, pin: "98765" }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ServiceUnavailableError);
    expect((failure as Error).message).toContain("CKR_PIN_INCORRECT");
    expect(JSON.stringify(failure, Object.getOwnPropertyNames(failure))).not.toContain("98765");
  });

  it("through the in-process client, a wrong PIN answers ServiceUnavailableError on every request, no crash", async () => {
    const provider = new HsmCryptoProvider(InProcessHsmClient.forPkcs11({ ...token, pin: "98765" }));
    for (let attempt = 0; attempt < 3; attempt += 1) {
      await expect(provider.assertCanCreate("Aliyun_AES_256", "ENCRYPT/DECRYPT")).rejects.toBeInstanceOf(
        ServiceUnavailableError,
      );
    }
    await expect(provider.generate(newIdentity("EC_P256"))).rejects.toBeInstanceOf(ServiceUnavailableError);
  });

  it("a wrong library path is ServiceUnavailableError; the path is in the cause (logged), not the message", async () => {
    const options = { ...token, libraryPath: "/nonexistent/libpkcs11.so" };
    const failure = await Pkcs11Driver.open(options).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ServiceUnavailableError);
    expect((failure as Error).message).not.toContain("/nonexistent");
    expect(String((failure as Error).cause)).toContain("/nonexistent/libpkcs11.so");
    const client = InProcessHsmClient.forPkcs11(options);
    await expect(client.send({ op: "capabilities" })).rejects.toThrow(/library cannot be loaded/);
  });

  it("a library that is not PKCS#11 is ServiceUnavailableError", async () => {
    await expect(
      Pkcs11Driver.open({ ...token, libraryPath: "/usr/lib/x86_64-linux-gnu/libz.so.1" }),
    ).rejects.toBeInstanceOf(ServiceUnavailableError);
  });

  it("an unknown token label is ServiceUnavailableError; the label is in the cause (logged), not the message", async () => {
    const failure = await Pkcs11Driver.open({ ...token, tokenLabel: "no-such-token" }).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(ServiceUnavailableError);
    expect((failure as Error).message).toMatch(/no token of the configured label/);
    expect((failure as Error).message).not.toContain("no-such-token");
    expect((failure as Error).cause).toBe('no token labelled "no-such-token"');
  });

  it("after those failures the right configuration still works in the same process", async () => {
    const client = InProcessHsmClient.forPkcs11(token);
    try {
      const provider = new HsmCryptoProvider(client);
      await expect(provider.assertCanCreate("EC_P256K", "SIGN/VERIFY")).resolves.toBeUndefined();
      const { material } = await provider.generate(newIdentity("Aliyun_AES_128"));
      expect(material.kind).toBe("hsm");
    } finally {
      await client.close();
    }
  });

  it("Precondition: the driver is open", async () => {
    const driver = await Pkcs11Driver.open(token);
    const { label } = await driver.generateKey(newIdentity("EC_P256"));
    await driver.close();
    await expect(driver.sign(label, "ECDSA_SHA_256", new Uint8Array(32))).rejects.toBeInstanceOf(
      ServiceUnavailableError,
    );
  });
});
