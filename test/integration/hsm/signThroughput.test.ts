import { createHash, verify } from "node:crypto";
import pkcs11js from "pkcs11js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KeyVersionHandle } from "../../../core/crypto/CryptoProvider";
import { HsmCryptoProvider } from "../../../core/hsm/HsmCryptoProvider";
import { InProcessHsmClient } from "../../../core/hsm/InProcessHsmClient";
import { hsmTestsEnabled, openRawSession, type RawSoftHsmSession } from "../../support/softhsm";
import { newIdentity, openSoftHsmFixture, type SoftHsmFixture } from "./softHsmFixture";

const DIGEST_INFO = Buffer.from("3031300d060960864801650304020105000420", "hex");
const LOOP_MS = 700;

/** Runs `op` with `parallel` workers for LOOP_MS; returns operations per second. Measured, never asserted. */
async function opsPerSecond(parallel: number, op: (worker: number) => Promise<void>): Promise<number> {
  let count = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: parallel }, async (_, worker) => {
      while (performance.now() - start < LOOP_MS) {
        await op(worker);
        count += 1;
      }
    }),
  );
  return Math.round((count * 1000) / (performance.now() - start));
}

// A measurement (STYLE rule 18: report figures, assert only correctness): RSA-2048 PKCS#1 v1.5 signatures with raw
// pkcs11js C_SignAsync against the same signatures through HsmCryptoProvider → InProcessHsmClient (JSON both ways)
// → handleHsmRequest → Pkcs11Driver.
describe.skipIf(!hsmTestsEnabled("HSM sign throughput against SoftHSM"))(
  "RSA-2048 sign throughput (SoftHSM)",
  () => {
    let hsm: SoftHsmFixture;
    let raw: RawSoftHsmSession;
    let provider: HsmCryptoProvider;
    let key: KeyVersionHandle;
    const digest = new Uint8Array(createHash("sha256").update("throughput").digest());

    beforeAll(async () => {
      hsm = await openSoftHsmFixture({ sessionPoolSize: 4 });
      raw = openRawSession(hsm.token);
      provider = new HsmCryptoProvider(InProcessHsmClient.forDriver(hsm.driver));
      const identity = newIdentity("RSA_2048");
      key = { ...identity, ...(await provider.generate(identity)) };
      await provider.capabilities();
    });
    afterAll(async () => {
      raw?.close();
      await hsm?.close();
    });

    it("measures raw pkcs11js against HsmCryptoProvider (figures in the output)", async () => {
      const [privateKey] = raw.find(`${key.material.kind === "hsm" ? key.material.label : ""}:private`);
      const slot = raw.module.C_GetSessionInfo(raw.session).slotID;
      const sessions = Array.from({ length: 4 }, () =>
        raw.module.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION),
      );
      const input = Buffer.concat([DIGEST_INFO, digest]);
      let last: Uint8Array = new Uint8Array(0);
      // One PKCS#11 session per worker, as the driver's pool gives each operation its own.
      const rawSign = async (worker: number) => {
        const session = sessions[worker]!;
        raw.module.C_SignInit(session, { mechanism: pkcs11js.CKM_RSA_PKCS }, privateKey!);
        last = await raw.module.C_SignAsync(session, input, Buffer.alloc(256));
      };
      const figures: Record<string, number> = {};
      figures["raw pkcs11js, 1 session"] = await opsPerSecond(1, rawSign);
      figures["raw pkcs11js, 4 sessions"] = await opsPerSecond(4, rawSign);
      let signature: Uint8Array = new Uint8Array(0);
      const providerSign = async () => {
        signature = await provider.sign(key, "RSA_PKCS1_SHA_256", digest);
      };
      figures["HsmCryptoProvider, 1 caller"] = await opsPerSecond(1, providerSign);
      figures["HsmCryptoProvider, 4 callers"] = await opsPerSecond(4, providerSign);
      figures["HsmCryptoProvider, 16 callers"] = await opsPerSecond(16, providerSign);
      for (const session of sessions) raw.module.C_CloseSession(session);
      console.log(`RSA-2048 PKCS#1 v1.5 sign, ops/s (SoftHSM 2.6, ${LOOP_MS} ms each):`, figures);
      expect(verify("sha256", Buffer.from("throughput"), key.publicKey!, last)).toBe(true);
      expect(verify("sha256", Buffer.from("throughput"), key.publicKey!, signature)).toBe(true);
      expect(Object.values(figures).every((value) => value > 0)).toBe(true);
    });
  },
);
