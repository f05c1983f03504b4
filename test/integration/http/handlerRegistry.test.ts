import { describe, expect, it } from "vitest";
import { InternalFailureError, NotImplementedError, UnknownActionError } from "../../../core/errors";
import type { ApiHandler } from "../../../functions/lib/defineHandler";
import { createHandlerRegistry } from "../../../infra/local/handlerRegistry";
import { apiEvent } from "../../unit/functions/apiEvent";

const functionsDir = new URL("./fixtures/functions/", import.meta.url);

describe("the local handler registry", () => {
  it("imports an operation's handler from its module file and keeps it", async () => {
    const registry = createHandlerRegistry({ functionsDir });
    const handler = await registry.get("DescribeRegions");
    expect(await registry.get("DescribeRegions")).toBe(handler);
    const response = await handler(apiEvent({}), {} as never);
    expect(response.body).toBe('{"Fixture":true}');
  });

  it("the Action is one Keyward serves.", async () => {
    const registry = createHandlerRegistry({ functionsDir });
    await expect(registry.get("ImportKeyMaterial")).rejects.toBeInstanceOf(UnknownActionError);
    await expect(registry.get("toString")).rejects.toMatchObject({
      code: "InvalidAction.NotFound",
      httpStatus: 404,
    });
  });

  it("the declared Action has a handler file.", async () => {
    const error = await createHandlerRegistry({ functionsDir })
      .get("Encrypt")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotImplementedError);
    expect(error).toMatchObject({ code: "NotImplemented", httpStatus: 501 });
  });

  it("refuses a module that exports no handler", async () => {
    await expect(
      createHandlerRegistry({ functionsDir }).get("DescribeAccountKmsStatus"),
    ).rejects.toBeInstanceOf(InternalFailureError);
  });

  it("prefers overrides, even for Actions without a file", async () => {
    const fake: ApiHandler = async () => ({ statusCode: 204 });
    const registry = createHandlerRegistry({ functionsDir, overrides: { Encrypt: fake } });
    expect(await registry.get("Encrypt")).toBe(fake);
  });

  it("finds the real handler files of functions/ by default", async () => {
    const handler = await createHandlerRegistry().get("GetRandomPassword");
    expect(typeof handler).toBe("function");
  });
});
