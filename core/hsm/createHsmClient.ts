import type { HsmSettings } from "../config";
import type { HsmClient } from "./HsmClient";
import { InProcessHsmClient } from "./InProcessHsmClient";
import { LambdaHsmClient } from "./LambdaHsmClient";

/**
 * The HsmClient the configuration asks for (core/config.ts `hsm`, DESIGN section 8): the HSM Lambda in the cloud,
 * the in-process handler over a PKCS#11 token on one machine, none when HSM keys are not offered. Nothing is
 * opened or invoked until the first request.
 */
export function createHsmClient(
  settings: HsmSettings,
): (HsmClient & { close?: () => Promise<void> }) | undefined {
  switch (settings.mode) {
    case "none":
      return undefined;
    case "lambda":
      return new LambdaHsmClient({ functionName: settings.functionName });
    case "in-process":
      return InProcessHsmClient.forPkcs11({
        libraryPath: settings.libraryPath,
        tokenLabel: settings.tokenLabel,
        pin: settings.pin,
      });
  }
}
