import type { ConfigSource } from "../../core/config";

/**
 * Where the Lambda functions read their configuration: the environment (core/config.ts names). The SST stack sets
 * these variables from its resources (infra/*.ts), so the code needs no SST runtime to start and runs the same under
 * `sst dev`, the local server and the tests.
 */
export function configSource(): ConfigSource {
  return process.env;
}
