import { describe, expect, it } from "vitest";
import { configSource } from "../../../functions/lib/configSource";

describe("configSource", () => {
  it("is the environment alone outside SST", async () => {
    const env = { KEYWARD_TABLE_NAME: "t", KEYWARD_ROOT_KEYS: "k" };
    expect(await configSource(env)).toBe(env);
  });

  it("fills core/config.ts names from the SST links of the function", async () => {
    // SST's runtime reads linked resources from SST_RESOURCE_<Name> variables (what a deployed function receives;
    // AWS itself cannot run here, so the variables are set by hand).
    const env = {
      SST_RESOURCE_Keys: JSON.stringify({ name: "keyward-production-Keys", type: "sst.aws.Dynamo" }),
      SST_RESOURCE_RootKeys: JSON.stringify({ value: '{"primary":"r1","keys":{}}', type: "sst.sst.Secret" }),
      SST_RESOURCE_App: JSON.stringify({ name: "keyward", stage: "test" }),
      KEYWARD_REGION: "cn-shanghai",
    };
    Object.assign(process.env, env);
    try {
      const source = await configSource(env);
      expect(source.KEYWARD_TABLE_NAME).toBe("keyward-production-Keys");
      expect(source.KEYWARD_ROOT_KEYS).toBe('{"primary":"r1","keys":{}}');
      expect(source.KEYWARD_REGION).toBe("cn-shanghai");
      expect(source.KEYWARD_HSM_FUNCTION).toBeUndefined();
    } finally {
      for (const name of Object.keys(env)) delete process.env[name];
    }
  });
});
