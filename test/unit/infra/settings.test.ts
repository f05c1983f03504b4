import { describe, expect, it } from "vitest";
import { DEFAULT_HSM_TOKEN_LABEL, DEFAULT_PKCS11_LIBRARY, readDeploySettings } from "../../../infra/settings";

const CLUSTER = {
  KEYWARD_CLOUDHSM_CLUSTER_ID: "cluster-igklspoyj5v",
  KEYWARD_CLOUDHSM_SECURITY_GROUP: "sg-0a1b2c3d4e5f60718",
  KEYWARD_CLOUDHSM_LAYER_ARN: "arn:aws:lambda:eu-west-1:123456789012:layer:cloudhsm-pkcs11:3",
};

describe("deploy settings", () => {
  it("reads a stage without an HSM: no CloudHSM settings, production only for the production stage", () => {
    const dev = readDeploySettings("dev", {});
    expect(dev).toEqual({ stage: "dev", isProduction: false, deleteInboxObjects: false });
    expect(readDeploySettings("production", { KEYWARD_REGION: " cn-hangzhou " })).toEqual({
      stage: "production",
      isProduction: true,
      keywardRegion: "cn-hangzhou",
      deleteInboxObjects: false,
    });
    expect(readDeploySettings("dev", { KEYWARD_REGION: "  " }).keywardRegion).toBeUndefined();
  });

  it("reads a CloudHSM cluster with the default library path and token label", () => {
    expect(readDeploySettings("prod", CLUSTER).cloudHsm).toEqual({
      clusterId: CLUSTER.KEYWARD_CLOUDHSM_CLUSTER_ID,
      clusterSecurityGroupId: CLUSTER.KEYWARD_CLOUDHSM_SECURITY_GROUP,
      layerArn: CLUSTER.KEYWARD_CLOUDHSM_LAYER_ARN,
      libraryPath: DEFAULT_PKCS11_LIBRARY,
      tokenLabel: DEFAULT_HSM_TOKEN_LABEL,
    });
    const custom = readDeploySettings("prod", {
      ...CLUSTER,
      KEYWARD_PKCS11_LIBRARY: "/opt/lib/libpkcs11.so",
      KEYWARD_HSM_TOKEN_LABEL: "token",
    });
    expect(custom.cloudHsm).toMatchObject({ libraryPath: "/opt/lib/libpkcs11.so", tokenLabel: "token" });
  });

  it("KEYWARD_DELETE_INBOX_OBJECTS is true or false.", () => {
    expect(readDeploySettings("dev", { KEYWARD_DELETE_INBOX_OBJECTS: "true" }).deleteInboxObjects).toBe(true);
    expect(readDeploySettings("dev", { KEYWARD_DELETE_INBOX_OBJECTS: "false" }).deleteInboxObjects).toBe(
      false,
    );
    expect(() => readDeploySettings("dev", { KEYWARD_DELETE_INBOX_OBJECTS: "yes" })).toThrow(
      /KEYWARD_DELETE_INBOX_OBJECTS must be true or false/,
    );
  });

  it("every CloudHSM setting is given once a cluster is named", () => {
    for (const name of ["KEYWARD_CLOUDHSM_SECURITY_GROUP", "KEYWARD_CLOUDHSM_LAYER_ARN"] as const) {
      expect(() => readDeploySettings("prod", { ...CLUSTER, [name]: undefined })).toThrow(
        `${name} is required`,
      );
      expect(() => readDeploySettings("prod", { ...CLUSTER, [name]: "" })).toThrow(`${name} is required`);
    }
  });

  it("CloudHSM identifiers have their AWS shape", () => {
    const bad = {
      KEYWARD_CLOUDHSM_CLUSTER_ID: "my-cluster",
      KEYWARD_CLOUDHSM_SECURITY_GROUP: "0a1b2c3d",
      KEYWARD_CLOUDHSM_LAYER_ARN: "arn:aws:lambda:eu-west-1:123456789012:layer:cloudhsm",
    };
    for (const [name, value] of Object.entries(bad)) {
      expect(() => readDeploySettings("prod", { ...CLUSTER, [name]: value })).toThrow(name);
    }
  });
});
