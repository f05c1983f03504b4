import type middy from "@middy/core";
import type { MiddlewareObj } from "@middy/core";

/** The plugin hooks middy accepts as its second argument. */
export type StackPlugin = middy.PluginObject;

let observer: StackPlugin | undefined;

/**
 * Installs middy plugin hooks (requestStart, beforeMiddleware, afterMiddleware, beforeHandler, afterHandler,
 * requestEnd) on every handler built after this call; `undefined` stops installing them. The benchmarks time the
 * steps of the stack in place with them (test/bench/sections/stack.ts). A handler keeps the observer it was built
 * with, so install it before the handler modules are imported. Without an observer nothing is added to a request.
 */
export function observeStacks(plugin: StackPlugin | undefined): void {
  observer = plugin;
}

/** The observer handlers built now get (defineHandler). */
export function currentStackObserver(): StackPlugin | undefined {
  return observer;
}

type Phase = "before" | "after" | "onError";

/**
 * The middleware with each phase function renamed `<middleware name>.<phase>`: middy passes the function's name to
 * the observer's beforeMiddleware/afterMiddleware hooks, and every phase function is otherwise called `before` or
 * `after`. Used only while observing.
 */
export function namedPhases<E>(middleware: MiddlewareObj<E>): MiddlewareObj<E> {
  const named: MiddlewareObj<E> = { ...middleware };
  for (const phase of ["before", "after", "onError"] as const satisfies readonly Phase[]) {
    const run = middleware[phase];
    if (!run) continue;
    const wrapper: typeof run = (request) => run(request);
    Object.defineProperty(wrapper, "name", { value: `${middleware.name ?? "middleware"}.${phase}` });
    named[phase] = wrapper;
  }
  return named;
}
