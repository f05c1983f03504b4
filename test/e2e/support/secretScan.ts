/**
 * Scanning captured log lines for secrets (DESIGN section 11): a secret counts as leaked when any line holds it,
 * whole or in part, in any of the forms code tends to print bytes in: hex, base64, the decimal lists of
 * `JSON.stringify(Buffer)` / `Array.from(bytes)`, or the text itself.
 */

/** Bytes in a run this long are taken as a leak (16 bytes: far beyond chance in a log line). */
const WINDOW_BYTES = 16;
/** A base64 window: a multiple of 3 bytes, so its encoding appears inside the encoding of any longer run. */
const BASE64_WINDOW_BYTES = 18;

/** Every printed form of every `WINDOW_BYTES` run of `bytes` (or the whole, when shorter). */
export function leakForms(bytes: Uint8Array): string[] {
  const buffer = Buffer.from(bytes);
  const forms = new Set<string>([buffer.toString("hex"), buffer.toString("base64")]);
  const runs = (size: number) => {
    if (buffer.length <= size) return [buffer];
    return Array.from({ length: buffer.length - size + 1 }, (_, start) =>
      buffer.subarray(start, start + size),
    );
  };
  for (const run of runs(WINDOW_BYTES)) {
    forms.add(run.toString("hex"));
    forms.add(run.toString("hex").toUpperCase());
    forms.add([...run].join(","));
  }
  for (const run of runs(BASE64_WINDOW_BYTES)) {
    forms.add(run.toString("base64"));
    forms.add(run.toString("base64url"));
  }
  return [...forms];
}

/** A named secret: bytes (scanned in every form) or text (scanned as written, and as its UTF-8 bytes). */
export type Secret = Uint8Array | string;

/** The names of the secrets some line holds, with the first such line for each. */
export function findLeaks(lines: readonly string[], secrets: Readonly<Record<string, Secret>>): string[] {
  const leaks: string[] = [];
  for (const [name, secret] of Object.entries(secrets)) {
    const forms =
      typeof secret === "string"
        ? [secret, ...leakForms(new TextEncoder().encode(secret))]
        : leakForms(secret);
    const line = lines.find((text) => forms.some((form) => text.includes(form)));
    if (line !== undefined) leaks.push(`${name}: ${line.slice(0, 300)}`);
  }
  return leaks;
}
