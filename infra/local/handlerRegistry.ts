import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { InternalFailureError, NotImplementedError, UnknownActionError } from "../../core/errors";
import type { ApiHandler } from "../../functions/lib/defineHandler";
import { findOperation } from "../../functions/operations";

/** Finds the Lambda handler of an Action. */
export interface HandlerRegistry {
  /**
   * The handler of `action`, imported on first use from `functions/<module>.ts` as the operations list names it.
   * @throws UnknownActionError when Keyward does not serve the Action.
   * @throws NotImplementedError when the Action is declared but its handler file does not exist yet.
   */
  get(action: string): Promise<ApiHandler>;
  /** Whether `action` names an operation Keyward serves (declared, or given as an override). */
  serves(action: string): boolean;
}

/** Where the handler files live: the project's functions/ directory. */
export const FUNCTIONS_DIR = new URL("../../functions/", import.meta.url);

/** Options of createHandlerRegistry. */
export interface HandlerRegistryOptions {
  /** Handlers by Action name that replace or add to the imported ones (tests). */
  readonly overrides?: Readonly<Record<string, ApiHandler>>;
  /** The directory of the handler files (default FUNCTIONS_DIR). */
  readonly functionsDir?: URL;
}

/**
 * A registry that imports each operation's handler lazily (the local server starts without loading any of them)
 * and keeps it, as a warm Lambda instance would.
 */
export function createHandlerRegistry(options: HandlerRegistryOptions = {}): HandlerRegistry {
  const overrides = options.overrides ?? {};
  const functionsDir = options.functionsDir ?? FUNCTIONS_DIR;
  const loaded = new Map<string, Promise<ApiHandler>>();
  return {
    get(action) {
      if (Object.hasOwn(overrides, action)) return Promise.resolve(overrides[action] as ApiHandler);
      const spec = findOperation(action);
      /* Precondition: the Action is one Keyward serves. */
      if (!spec) return Promise.reject(new UnknownActionError(action.slice(0, 128)));
      let handler = loaded.get(action);
      if (!handler) {
        handler = load(action, new URL(`${spec.module}.ts`, functionsDir));
        loaded.set(action, handler);
        handler.catch(() => loaded.delete(action));
      }
      return handler;
    },
    serves: (action) => Object.hasOwn(overrides, action) || findOperation(action) !== undefined,
  };
}

async function load(action: string, url: URL): Promise<ApiHandler> {
  const file = fileURLToPath(url);
  /* Precondition: the declared Action has a handler file. */
  if (!existsSync(file)) throw new NotImplementedError(action);
  const exports = (await import(file)) as { handler?: unknown };
  if (typeof exports.handler !== "function") {
    throw new InternalFailureError({ cause: `${file} does not export a handler function` });
  }
  return exports.handler as ApiHandler;
}
