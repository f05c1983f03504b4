import type { Metafile } from "esbuild";

/**
 * The shortest chain of imports, in esbuild's metafile, from an entry module to the first module that imports
 * `target` (a package name such as `pkcs11js`, or a path fragment such as `node_modules/sm-crypto-v2/`): the
 * evidence behind "this function pulls that package in", for reports and assertion messages.
 * @returns the module paths from `entry` to the importer, or undefined when `target` is not reachable.
 */
export function importChain(metafile: Metafile, entry: string, target: string): string[] | undefined {
  const cameFrom = new Map<string, string | undefined>([[entry, undefined]]);
  const queue = [entry];
  const matches = (path: string) => path === target || path.includes(target);
  while (queue.length > 0) {
    const current = queue.shift()!;
    for (const imported of metafile.inputs[current]?.imports ?? []) {
      if (matches(imported.path)) {
        const chain = [current];
        for (let at = cameFrom.get(current); at !== undefined; at = cameFrom.get(at)) chain.unshift(at);
        return chain;
      }
      if (!cameFrom.has(imported.path)) {
        cameFrom.set(imported.path, current);
        queue.push(imported.path);
      }
    }
  }
  return undefined;
}
