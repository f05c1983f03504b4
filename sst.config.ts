/// <reference path="./.sst/platform/config.d.ts" />

/**
 * Keyward's cloud stack (DESIGN section 10). This file only composes (STYLE rule 16): each infra/*.ts module creates
 * its resources when imported and exports them, wired to the functions with `link`. docs/deploy.md explains how to
 * deploy, which secrets to set and what each resource is for.
 */
export default $config({
  app(input) {
    const production = input?.stage === "production";
    return {
      name: "keyward",
      home: "aws",
      removal: production ? "retain" : "remove",
      protect: production,
    };
  },
  async run() {
    const { table } = await import("./infra/storage");
    await import("./infra/secrets");
    const { vpc, hsmFunction } = await import("./infra/hsm");
    const { api, router } = await import("./infra/api");
    const { inbox, encrypted } = await import("./infra/events");
    await import("./infra/cron");
    return {
      entry: router.url,
      api: api.url,
      table: table.name,
      inbox: inbox.name,
      encrypted: encrypted.name,
      hsmVpc: vpc.id,
      hsmSubnets: vpc.privateSubnets,
      hsmFunction: hsmFunction?.name,
    };
  },
});
