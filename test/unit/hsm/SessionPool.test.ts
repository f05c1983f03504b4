import { describe, expect, it } from "vitest";
import { ServiceUnavailableError } from "../../../core/errors";
import { SessionPool, SessionPoolClosedError } from "../../../core/hsm/SessionPool";

/** Sessions are numbers here; the factory records what the pool opens and closes. */
function factory() {
  let next = 0;
  const opened: number[] = [];
  const closed: number[] = [];
  return {
    opened,
    closed,
    open: () => {
      next += 1;
      opened.push(next);
      return next;
    },
    close: (session: number) => {
      closed.push(session);
    },
  };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe("SessionPool", () => {
  it("never has more sessions busy or open than its size, and reuses them", async () => {
    const sessions = factory();
    const pool = new SessionPool(sessions, 3);
    let busy = 0;
    let peak = 0;
    const seen = new Set<number>();
    await Promise.all(
      Array.from({ length: 50 }, () =>
        pool.use(async (session) => {
          busy += 1;
          peak = Math.max(peak, busy);
          seen.add(session);
          await tick();
          busy -= 1;
        }),
      ),
    );
    expect(peak).toBe(3);
    expect(sessions.opened).toHaveLength(3);
    expect(seen.size).toBe(3);
    expect(pool.open).toBe(3);
  });

  it("an available session runs the operation at once, before use() returns", async () => {
    const pool = new SessionPool(factory(), 1);
    const started: number[] = [];
    const first = pool.use(async (session) => {
      started.push(session);
    });
    expect(started).toEqual([1]);
    await first;
    const second = pool.use(async (session) => {
      started.push(session);
    });
    expect(started).toEqual([1, 1]);
    await second;
  });

  it("serves waiting callers in order of arrival", async () => {
    const pool = new SessionPool(factory(), 1);
    const order: number[] = [];
    await Promise.all(
      [0, 1, 2, 3, 4].map((i) =>
        pool.use(async () => {
          order.push(i);
          await tick();
        }),
      ),
    );
    expect(order).toEqual([0, 1, 2, 3, 4]);
  });

  it("closes a session whose operation failed and gives a waiter a new one", async () => {
    const sessions = factory();
    const pool = new SessionPool(sessions, 1);
    const failing = pool.use(async () => {
      await tick();
      throw new Error("operation failed");
    });
    const waiting = pool.use(async (session) => session);
    await expect(failing).rejects.toThrow("operation failed");
    expect(await waiting).toBe(2);
    expect(sessions.closed).toEqual([1]);
    expect(pool.open).toBe(1);
  });

  it("after close, idle sessions are closed, waiters fail, busy ones close when done, and close waits for them", async () => {
    const sessions = factory();
    const pool = new SessionPool(sessions, 1);
    let finish = () => {};
    const running = pool.use(() => new Promise<string>((resolve) => (finish = () => resolve("done"))));
    const waiting = pool.use(async () => "never");
    await tick();
    let drained = false;
    const closing = pool.close().then(() => {
      drained = true;
    });
    await expect(waiting).rejects.toBeInstanceOf(ServiceUnavailableError);
    await tick();
    expect(drained).toBe(false);
    finish();
    expect(await running).toBe("done");
    await closing;
    expect(drained).toBe(true);
    expect(sessions.closed).toEqual([1]);
    await expect(pool.use(async () => 1)).rejects.toBeInstanceOf(ServiceUnavailableError);
  });

  it("a session that cannot be opened fails the caller and leaves the pool usable", async () => {
    let fail = true;
    const pool = new SessionPool(
      {
        open: () => {
          if (fail) throw new ServiceUnavailableError("no session");
          return 1;
        },
        close: () => {},
      },
      1,
    );
    await expect(pool.use(async () => 0)).rejects.toBeInstanceOf(ServiceUnavailableError);
    fail = false;
    expect(await pool.use(async (session) => session)).toBe(1);
  });

  it("when a failed session's replacement cannot be opened, every waiter is answered: none waits forever", async () => {
    let refuse = false;
    let next = 0;
    const pool = new SessionPool(
      {
        open: () => {
          if (refuse) throw new ServiceUnavailableError("no session");
          next += 1;
          return next;
        },
        close: () => {},
      },
      1,
    );
    let fail = () => {};
    const failing = pool.use(
      () => new Promise((_, reject) => (fail = () => reject(new Error("session lost")))),
    );
    const first = pool.use(async (session) => session);
    const second = pool.use(async (session) => session);
    await tick();
    refuse = true;
    fail();
    await expect(failing).rejects.toThrow("session lost");
    await expect(first).rejects.toBeInstanceOf(ServiceUnavailableError);
    // Before, the second waiter hung: nothing was in use any more to hand it a session.
    await expect(second).rejects.toBeInstanceOf(ServiceUnavailableError);
    refuse = false;
    expect(await pool.use(async (session) => session)).toBe(2);
  });

  it("answers waiters of a closed pool with SessionPoolClosedError (their operations never ran)", async () => {
    const pool = new SessionPool(factory(), 1);
    let finish = () => {};
    const running = pool.use(() => new Promise<void>((resolve) => (finish = resolve)));
    const waiting = pool.use(async () => "never");
    const closing = pool.close();
    await expect(waiting).rejects.toBeInstanceOf(SessionPoolClosedError);
    finish();
    await running;
    await closing;
  });
});
