import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** A V8 CPU profile as `node --cpu-prof` writes it (the fields read here). */
interface CpuProfile {
  readonly nodes: readonly {
    readonly id: number;
    readonly callFrame: { readonly functionName: string; readonly url: string };
    readonly children?: readonly number[];
  }[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/**
 * The layers of a request, each recognised by the files or functions of its frames. A sample belongs to the layer
 * of its innermost frame that matches one (so Node's crypto under the signature check counts as the check).
 */
export const LAYERS: readonly (readonly [string, RegExp])[] = [
  [
    "audit and request logging",
    /writeAudit|RequestLogger|KeywardLogger|KeywardLogFormatter|aws-lambda-powertools/,
  ],
  ["signature check (ACS3) and nonce", /core\/auth\/|middleware\/authenticate|service\/accessKeys/],
  ["parameter parsing", /parseRequest|readRawRequest|urlEncoded|middleware\/parseParameters/],
  ["validation", /validateInput|middleware\/validate|paramTypes|tagParamTypes|jsonParamTypes/],
  [
    "service and crypto (AES-GCM, blob)",
    /core\/service\/|core\/crypto\/|core\/keys\/|functions\/[a-zA-Z]+\.ts/,
  ],
  ["response shaping (JSON)", /shapeResponse|functions\/lib\/shapes/],
  ["request context, middy", /requestContext|StackState|defineHandler|@middy/],
  ["local server: event, routing, write", /infra\/local\//],
  [
    "Node HTTP, sockets",
    /node:_http|node:net|node:internal\/stream|node:stream|node:events|writev|node:internal\/http|node:internal\/timers|node:timers/,
  ],
  ["garbage collection", /\(garbage collector\)/],
];
const IDLE = /\(idle\)/;
/** Module loading and compiling: the server's start-up, not its requests. */
const STARTUP = /node:internal\/modules|node:internal\/bootstrap|tsx\/dist|cjs-module-lexer|esbuild\/lib/;

/** Milliseconds of busy (non-idle) CPU per layer in the profile, and the total busy time. */
export interface LayerShares {
  readonly busyMs: number;
  readonly byLayer: ReadonlyMap<string, number>;
}

/** Reads the main-thread profile (`*.0.*.cpuprofile`, thread 0) that `node --cpu-prof --cpu-prof-dir=<dir>` wrote. */
export function readMainThreadProfile(dir: string): CpuProfile {
  const file = readdirSync(dir).find((name) => /\.0\.\d+\.cpuprofile$/.test(name));
  if (!file) throw new Error(`no main-thread CPU profile in ${dir}`);
  return JSON.parse(readFileSync(join(dir, file), "utf8")) as CpuProfile;
}

/**
 * Attributes every sample of a profile to a layer (LAYERS; "other" when no frame matches) and sums the sampled time
 * per layer, leaving out idle time and module loading (start-up).
 */
export function layerShares(profile: CpuProfile): LayerShares {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const layerOf = new Map<number, string | null>();
  const classify = (id: number): string | null => {
    const known = layerOf.get(id);
    if (known !== undefined) return known;
    const node = byId.get(id);
    let layer: string | null = null;
    if (node) {
      const frame = `${node.callFrame.functionName} ${node.callFrame.url}`;
      if (IDLE.test(frame) || STARTUP.test(frame)) layer = "idle";
      else {
        const match = LAYERS.find(([, pattern]) => pattern.test(frame));
        const up = parent.get(id);
        layer = match ? match[0] : up === undefined ? "other" : classify(up);
      }
    }
    layerOf.set(id, layer);
    return layer;
  };
  const byLayer = new Map<string, number>();
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const layer = classify(id) ?? "other";
    const micros = profile.timeDeltas[i] ?? 0;
    if (layer === "idle") return;
    busy += micros;
    byLayer.set(layer, (byLayer.get(layer) ?? 0) + micros);
  });
  return { busyMs: busy / 1000, byLayer: new Map([...byLayer].map(([k, v]) => [k, v / 1000])) };
}
