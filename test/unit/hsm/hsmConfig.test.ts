import { describe, expect, it } from "vitest";
import { ConfigurationError } from "../../../core/config";
import { parseHsmConfig } from "../../../core/hsm/hsmConfig";

const BASE = {
  KEYWARD_PKCS11_LIBRARY: "/opt/cloudhsm/lib/libcloudhsm_pkcs11.so",
  KEYWARD_HSM_TOKEN_LABEL: "cavium",
  KEYWARD_HSM_PIN: "crypto_user:secret-pin",
};

describe("parseHsmConfig", () => {
  it("reads library, token, PIN, with a pool of 4 and caller-made IVs by default", () => {
    expect(parseHsmConfig(BASE)).toEqual({
      libraryPath: BASE.KEYWARD_PKCS11_LIBRARY,
      tokenLabel: "cavium",
      pin: "crypto_user:secret-pin",
      sessionPoolSize: 4,
      gcmIv: "caller",
    });
    expect(parseHsmConfig({ ...BASE, KEYWARD_HSM_SESSIONS: "16", KEYWARD_HSM_GCM_IV: "hsm" })).toMatchObject({
      sessionPoolSize: 16,
      gcmIv: "hsm",
    });
  });

  it.each(Object.keys(BASE))("says %s is required when it is missing or empty", (name) => {
    for (const value of [undefined, ""]) {
      const attempt = () => parseHsmConfig({ ...BASE, [name]: value });
      expect(attempt).toThrow(ConfigurationError);
      expect(attempt).toThrow(`${name} is required.`);
    }
  });

  it("Precondition: KEYWARD_HSM_SESSIONS is an integer from 1 to 64", () => {
    for (const value of ["0", "65", "2.5", "four", "-1"]) {
      expect(() => parseHsmConfig({ ...BASE, KEYWARD_HSM_SESSIONS: value }), value).toThrow(
        /KEYWARD_HSM_SESSIONS/,
      );
    }
  });

  it("Precondition: KEYWARD_HSM_GCM_IV is caller or hsm", () => {
    expect(() => parseHsmConfig({ ...BASE, KEYWARD_HSM_GCM_IV: "random" })).toThrow(/KEYWARD_HSM_GCM_IV/);
  });

  it("never puts the PIN into an error", () => {
    try {
      parseHsmConfig({ ...BASE, KEYWARD_HSM_SESSIONS: "x" });
    } catch (error) {
      expect(JSON.stringify(error, Object.getOwnPropertyNames(error))).not.toContain("secret-pin");
    }
    expect.assertions(1);
  });
});
