import { readDeploySettings } from "./settings";

/** The settings of the stage being deployed, read once from the deployer's environment (infra/settings.ts). */
export const settings = readDeploySettings($app.stage, process.env);
