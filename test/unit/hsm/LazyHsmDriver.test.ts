import { describe, expect, it } from "vitest";
import { InvalidCiphertextError, ServiceUnavailableError } from "../../../core/errors";
import type { HsmDriver } from "../../../core/hsm/HsmDriver";
import { LazyHsmDriver } from "../../../core/hsm/LazyHsmDriver";

/** Drivers here only count their closing; LazyHsmDriver never calls anything else. */
function opener(failures = 0) {
  const drivers: { closed: number }[] = [];
  let attempts = 0;
  const open = async () => {
    attempts += 1;
    if (attempts <= failures) throw new ServiceUnavailableError("not yet");
    const driver = { closed: 0 };
    drivers.push(driver);
    const close = async () => {
      driver.closed += 1;
    };
    return { close } as unknown as HsmDriver;
  };
  return { open, drivers, attempts: () => attempts };
}

describe("LazyHsmDriver", () => {
  it("opens on first use and reuses the driver afterwards", async () => {
    const source = opener();
    const lazy = new LazyHsmDriver(source.open);
    expect(source.attempts()).toBe(0);
    const [a, b] = await Promise.all([lazy.get(), lazy.get()]);
    expect(a).toBe(b);
    expect(await lazy.get()).toBe(a);
    expect(source.attempts()).toBe(1);
  });

  it("does not cache a failed open: the next request tries again", async () => {
    const source = opener(2);
    const lazy = new LazyHsmDriver(source.open);
    await expect(lazy.get()).rejects.toBeInstanceOf(ServiceUnavailableError);
    await expect(lazy.get()).rejects.toBeInstanceOf(ServiceUnavailableError);
    await expect(lazy.get()).resolves.toBeDefined();
    expect(source.attempts()).toBe(3);
  });

  it("drops and closes the driver after ServiceUnavailableError, not after other errors", async () => {
    const source = opener();
    const lazy = new LazyHsmDriver(source.open);
    const first = await lazy.get();
    lazy.onError(new InvalidCiphertextError());
    expect(await lazy.get()).toBe(first);
    lazy.onError(new ServiceUnavailableError("device removed"));
    const second = await lazy.get();
    expect(second).not.toBe(first);
    expect(source.drivers.map((d) => d.closed)).toEqual([1, 0]);
  });

  it("leaves the current driver alone when the error comes from one already replaced", async () => {
    const source = opener();
    const lazy = new LazyHsmDriver(source.open);
    const first = await lazy.get();
    lazy.onError(new ServiceUnavailableError("session lost"), first);
    const second = await lazy.get();
    // Late failures of the first driver (its queued requests failing as it closes) do not close the second.
    lazy.onError(new ServiceUnavailableError("the HSM connection is closed."), first);
    expect(await lazy.get()).toBe(second);
    lazy.onError(new ServiceUnavailableError("session lost"), second);
    expect(await lazy.get()).not.toBe(second);
    expect(source.drivers.map((d) => d.closed)).toEqual([1, 1, 0]);
  });
});
