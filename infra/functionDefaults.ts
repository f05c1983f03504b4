/**
 * What every Keyward function shares (DESIGN section 10): Node.js 22 on arm64 (`nodejs20.x` is past its end of
 * life), bundled by SST as minified, tree-shaken ESM with code splitting, so that what a handler imports dynamically
 * (the dependencies built on the first request, the AWS SDK's credential providers it never uses in Lambda) lands in
 * chunks loaded on demand instead of in the file every cold start parses: a cold import of DescribeKey evaluates
 * 78 KiB instead of 625 KiB and takes ~100 ms instead of ~300 ms (medians on the 2-core build machine).
 * scripts/bundles/ builds with these same options.
 */
export const FUNCTION_DEFAULTS = {
  runtime: "nodejs22.x",
  architecture: "arm64",
  nodejs: { format: "esm", minify: true, splitting: true },
  /*
   * An operation's limit, under CloudFront's 20 s origin read timeout and API Gateway's 30 s, so the function gives
   * up before its caller does; the workers set their own.
   */
  timeout: "15 seconds",
} as const;

/**
 * The HSM function's limit, inside an operation's 15 s (core/hsm/LambdaHsmClient.ts makes one attempt). A cold
 * instance loads the library, logs in and probes the HSM (an RSA-2048 and two EC session key generations) first.
 */
export const HSM_FUNCTION_TIMEOUT = "10 seconds";

/** The environment every function gets from the deploy settings (the names core/config.ts reads). */
export function baseEnvironment(keywardRegion: string | undefined): Record<string, string> {
  return keywardRegion ? { KEYWARD_REGION: keywardRegion } : {};
}
