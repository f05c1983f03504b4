import { FUNCTION_DEFAULTS, HSM_FUNCTION_TIMEOUT } from "./functionDefaults";
import { hsmPin } from "./secrets";
import { settings } from "./stage";

/**
 * The HSM protection level in the cloud (DESIGN section 8): a VPC whose private subnets hold the CloudHSM cluster's
 * network interfaces and the HSM function, the only code that loads the PKCS#11 library.
 *
 * The VPC always exists (no NAT gateway: nothing in it calls out), so a CloudHSM cluster can be created in its
 * private subnets before the HSM is configured (docs/deploy.md). The HSM function exists once
 * KEYWARD_CLOUDHSM_CLUSTER_ID and its companions are set: without a cluster there is nothing for it to talk to, and
 * the other functions then run with KEYWARD_HSM_MODE=none (HSM keys refused with a clear message).
 */
export const vpc = new sst.aws.Vpc("HsmVpc", { az: 2 });

/** CloudHSM's client ports (Client SDK 5). */
const CLOUDHSM_PORTS = { fromPort: 2223, toPort: 2225 } as const;

function createHsmFunction() {
  const cloudHsm = settings.cloudHsm;
  if (!cloudHsm || !hsmPin) return undefined;
  /** The HSM function's own security group: out to the cluster's HSMs only, nothing in. */
  const securityGroup = new aws.ec2.SecurityGroup("HsmFunctionSecurityGroup", {
    vpcId: vpc.id,
    description: "Keyward HSM function: outbound to the CloudHSM cluster only",
    egress: [{ protocol: "tcp", ...CLOUDHSM_PORTS, securityGroups: [cloudHsm.clusterSecurityGroupId] }],
  });
  new aws.vpc.SecurityGroupIngressRule("HsmClusterIngress", {
    securityGroupId: cloudHsm.clusterSecurityGroupId,
    referencedSecurityGroupId: securityGroup.id,
    ipProtocol: "tcp",
    ...CLOUDHSM_PORTS,
    description: "Keyward HSM function",
  });
  return new sst.aws.Function("Hsm", {
    ...FUNCTION_DEFAULTS,
    handler: "functions/hsm.handler",
    description: "Keyward: PKCS#11 client of the CloudHSM cluster (DESIGN section 8)",
    vpc: { privateSubnets: vpc.privateSubnets, securityGroups: [securityGroup.id] },
    layers: [cloudHsm.layerArn],
    link: [hsmPin],
    environment: {
      KEYWARD_PKCS11_LIBRARY: cloudHsm.libraryPath,
      KEYWARD_HSM_TOKEN_LABEL: cloudHsm.tokenLabel,
      KEYWARD_CLOUDHSM_CLUSTER_ID: cloudHsm.clusterId,
      /* AWS CloudHSM makes the AES-GCM IVs itself (core/hsm/hsmConfig.ts). */
      KEYWARD_HSM_GCM_IV: "hsm",
    },
    // PKCS#11 calls take milliseconds; a cold start's library load, login and capability probe take seconds.
    // Short enough that the caller (core/hsm/LambdaHsmClient.ts, one attempt) hears back within an operation's 15 s.
    timeout: HSM_FUNCTION_TIMEOUT,
    /* `sst dev` runs functions on the developer's machine, which cannot reach the cluster: keep this one in AWS. */
    dev: false,
    nodejs: { ...FUNCTION_DEFAULTS.nodejs, install: ["pkcs11js"] },
  });
}

/**
 * The HSM function (`functions/hsm.handler`), linked as `Hsm` to the functions that create or use HSM material:
 * `Resource.Hsm.name` becomes KEYWARD_HSM_FUNCTION and the link grants `lambda:InvokeFunction`. Undefined when no
 * CloudHSM cluster is configured. pkcs11js is a native addon: it stays outside the bundle and is installed next to
 * it, so it must be built for linux-arm64 (docs/deploy.md).
 */
export const hsmFunction = createHsmFunction();

/** The environment of a function that may need the HSM: routed to the HSM function, or refused when there is none. */
export const hsmEnvironment: Record<string, string> = hsmFunction
  ? { KEYWARD_HSM_MODE: "lambda" }
  : { KEYWARD_HSM_MODE: "none" };

/** The links of a function that may need the HSM. */
export const hsmLinks = hsmFunction ? [hsmFunction] : [];
