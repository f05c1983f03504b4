import type { Context } from "aws-lambda";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { defineHandler } from "../../../functions/lib/defineHandler";
import { setDeps } from "../../../functions/lib/deps";
import { developmentAuthenticator } from "../../../functions/lib/developmentAuthenticator";
import { setLoggerForTests } from "../../../functions/lib/logger";
import { namedPhases, observeStacks } from "../../../functions/lib/stackObserver";
import { apiEvent } from "./apiEvent";
import { CapturingLogger } from "./CapturingLogger";
import { testDeps } from "./testDeps";

const context = {} as Context;
const event = () => apiEvent({ query: "Action=Encrypt&KeyId=alias%2Fmine&Plaintext=hello" });
const run = async () => ({ CiphertextBlob: "Y2lwaGVy", KeyId: "k", KeyVersionId: "v" });

beforeEach(() => {
  setLoggerForTests(new CapturingLogger());
  setDeps(testDeps(developmentAuthenticator("123456789012", "AK-dev"), []));
});
afterEach(() => {
  observeStacks(undefined);
  setLoggerForTests(undefined);
  setDeps(undefined);
});

describe("stack observer", () => {
  it("hands a handler built while observing every step, named, in stack order", async () => {
    const steps: string[] = [];
    observeStacks({
      requestStart: () => steps.push("start"),
      beforeMiddleware: (name) => steps.push(`>${name}`),
      afterMiddleware: (name) => steps.push(`<${name}`),
      beforeHandler: () => steps.push(">handler"),
      afterHandler: () => steps.push("<handler"),
      requestEnd: async () => {
        steps.push("end");
      },
    });
    const handler = defineHandler("Encrypt", run);
    const response = await handler(event(), context);
    expect(response.statusCode).toBe(200);
    expect(steps).toEqual([
      "start",
      ">requestContext.before",
      "<requestContext.before",
      ">parseParameters.before",
      "<parseParameters.before",
      ">authenticate.before",
      "<authenticate.before",
      ">validate.before",
      "<validate.before",
      ">handler",
      "<handler",
      ">shapeResponse.after",
      "<shapeResponse.after",
      ">requestContext.after",
      "<requestContext.after",
      "end",
    ]);
  });

  it("leaves a handler built without an observer unobserved, and the answer the same", async () => {
    const steps: string[] = [];
    const plain = defineHandler("Encrypt", run);
    observeStacks({ beforeMiddleware: (name) => steps.push(name) });
    const observed = defineHandler("Encrypt", run);
    const answers = [await plain(event(), context), await observed(event(), context)];
    expect(answers[0]).toEqual(answers[1]);
    expect(steps).toEqual([
      "requestContext.before",
      "parseParameters.before",
      "authenticate.before",
      "validate.before",
      "shapeResponse.after",
      "requestContext.after",
    ]);
    steps.length = 0;
    await plain(event(), context);
    expect(steps).toEqual([]);
  });

  it("renames phase functions and passes the request and result through", async () => {
    const named = namedPhases({ name: "sample", before: (request: { event: number }) => request.event + 1 });
    expect(named.before?.name).toBe("sample.before");
    expect(await named.before?.({ event: 41 } as never)).toBe(42);
    expect(named.after).toBeUndefined();
  });
});
