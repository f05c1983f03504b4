/**
 * What every Keyward function shares (DESIGN section 10): Node.js 22 on arm64 (`nodejs20.x` is past its end of
 * life), bundled by SST as ESM, minified and tree-shaken (SST's defaults; scripts/build-bundles.ts reproduces them).
 * Spread into each function's arguments; the functions differ only in handler, links and environment.
 */
export const FUNCTION_DEFAULTS = {
  runtime: "nodejs22.x",
  architecture: "arm64",
  nodejs: { format: "esm", minify: true },
} as const;

/** The environment every function gets from the deploy settings (the names core/config.ts reads). */
export function baseEnvironment(keywardRegion: string | undefined): Record<string, string> {
  return keywardRegion ? { KEYWARD_REGION: keywardRegion } : {};
}
