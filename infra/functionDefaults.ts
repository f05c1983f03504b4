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
} as const;

/** The environment every function gets from the deploy settings (the names core/config.ts reads). */
export function baseEnvironment(keywardRegion: string | undefined): Record<string, string> {
  return keywardRegion ? { KEYWARD_REGION: keywardRegion } : {};
}
