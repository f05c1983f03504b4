import { createHsmClient } from "../../core/hsm/createHsmClient";
import { HsmCryptoProvider } from "../../core/hsm/HsmCryptoProvider";
import { purgeDueKeys } from "../../core/service/purgeKeys";
import { rotateDueKeys } from "../../core/service/rotation";
import { composeServiceDeps } from "../../functions/lib/composeServiceDeps";
import { type Deps, setDeps, signedRequestAuthenticators } from "../../functions/lib/deps";
import { getLogger } from "../../functions/lib/logger";
import { startDynalite } from "./embeddedDynalite";
import { type DevelopmentAccessKey, ensureDevelopmentAccessKey } from "./localAccessKey";
import { removeLocalEndpoint, writeLocalEndpoint } from "./localEndpoint";
import { localFiles, localRootKeyring } from "./localFiles";
import { prepareLocalSoftHsm } from "./localSoftHsm";
import { startLocalServer } from "./server";

export interface LocalStackOptions {
  /** The state directory (`.keyward`). */
  readonly dir: string;
  readonly port: number;
  readonly host?: string;
  readonly region?: string;
  /** The development account and, optionally, its fixed AccessKey. */
  readonly account: { readonly accountId: string; readonly accessKeyId?: string; readonly secret?: string };
  /** How often rotation and purge run (default one minute). */
  readonly jobIntervalMs?: number;
}

export interface LocalStack {
  readonly url: string;
  readonly deps: Deps;
  readonly accessKey: DevelopmentAccessKey;
  /** "SoftHSM token keyward" or why HSM keys are refused. */
  readonly hsm: string;
  /** The embedded store's endpoint (for the CLI while the server runs). */
  readonly storeEndpoint: string;
  stop(): Promise<void>;
}

/**
 * The whole service on one machine (DESIGN section 10): dynalite persisted under `<dir>/store`, the root keyring
 * and the development AccessKey under `<dir>`, SoftHSM when installed, every operation over HTTP through its real
 * Lambda handler with signed-request authentication, and rotation and purge on timers. Once listening it writes
 * `<dir>/endpoint.json` (infra/local/localEndpoint.ts) for the CLI, and removes it in `stop()`.
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const files = localFiles(options.dir);
  const keyring = localRootKeyring(files);
  const store = await startDynalite({ path: files.storeDir, tableName: "keyward" });
  const localHsm = prepareLocalSoftHsm(files);
  const hsmClient = "settings" in localHsm ? createHsmClient(localHsm.settings) : undefined;
  try {
    const composed = composeServiceDeps({
      client: store.client,
      tableName: store.tableName,
      region: options.region ?? "cn-hangzhou",
      keyring,
      materialCacheEntries: 1_000,
      keyCacheTtlMs: 5_000,
      ...(hsmClient ? { hsm: new HsmCryptoProvider(hsmClient) } : {}),
      ...("unavailable" in localHsm ? { hsmUnavailableReason: localHsm.unavailable } : {}),
    });
    const deps: Deps = { ...composed, authenticatorFor: signedRequestAuthenticators(composed) };
    const accessKey = await ensureDevelopmentAccessKey(composed, files, options.account);
    setDeps(deps);
    const server = await startLocalServer({ port: options.port, host: options.host ?? "127.0.0.1" });
    const runJobs = async () => {
      try {
        const rotation = await rotateDueKeys(deps);
        const purge = await purgeDueKeys(deps);
        if (rotation.rotated.length || purge.purged.length) {
          getLogger().info("scheduled jobs", {
            rotated: rotation.rotated.length,
            purged: purge.purged.length,
          });
        }
      } catch (error) {
        getLogger().error("scheduled jobs failed", { error });
      }
    };
    const timer = setInterval(runJobs, options.jobIntervalMs ?? 60_000);
    timer.unref();
    writeLocalEndpoint(options.dir, { url: server.url, store: store.endpoint, pid: process.pid });
    return {
      url: server.url,
      deps,
      accessKey,
      hsm: "settings" in localHsm ? `SoftHSM token "${localHsm.settings.tokenLabel}"` : localHsm.unavailable,
      storeEndpoint: store.endpoint,
      async stop() {
        clearInterval(timer);
        removeLocalEndpoint(options.dir, process.pid);
        await server.close();
        setDeps(undefined);
        await hsmClient?.close?.();
        await store.stop();
      },
    };
  } catch (error) {
    await hsmClient?.close?.();
    await store.stop();
    throw error;
  }
}
