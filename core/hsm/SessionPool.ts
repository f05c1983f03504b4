import { ServiceUnavailableError } from "../errors";

/**
 * The pool was closed (its driver replaced after the HSM failed) before the caller's operation got a session: the
 * operation never reached the HSM, so running it on the driver that replaced this one is safe.
 */
export class SessionPoolClosedError extends ServiceUnavailableError {
  constructor() {
    super("the HSM connection is closed.");
  }
}

/** How the pool opens and closes one session; `open` throws a KmsError when the HSM refuses. */
export interface SessionFactory<S> {
  open(): S;
  close(session: S): void;
}

interface Waiter<S> {
  resolve(session: S): void;
  reject(error: unknown): void;
}

/**
 * A bounded pool of PKCS#11 sessions (DESIGN section 8). A session runs one operation at a time (PKCS#11 v2.40
 * section 5.6), so each operation borrows one; at most `size` are open, further callers wait in FIFO order.
 * A session whose operation failed is closed rather than reused: it may still hold an active operation.
 */
export class SessionPool<S> {
  private readonly idle: S[] = [];
  private readonly waiters: Waiter<S>[] = [];
  private openCount = 0;
  private busy = 0;
  private closed = false;
  private drained?: () => void;

  constructor(
    private readonly factory: SessionFactory<S>,
    readonly size: number,
  ) {}

  /** Sessions currently open (idle or busy). */
  get open(): number {
    return this.openCount;
  }

  /**
   * Runs `operation` on a borrowed session and gives the session back.
   * @throws whatever `operation` throws; ServiceUnavailableError once the pool is closed.
   */
  async use<T>(operation: (session: S) => Promise<T>): Promise<T> {
    // An idle or openable session is taken at once: no promise and no extra turn of the microtask queue.
    const session = this.take() ?? (await this.wait());
    this.busy += 1;
    let healthy = false;
    try {
      const result = await operation(session);
      healthy = true;
      return result;
    } finally {
      this.busy -= 1;
      this.release(session, healthy);
      if (this.busy === 0) this.drained?.();
    }
  }

  /**
   * Closes idle sessions now and busy ones when they come back; waiting callers fail.
   * @returns when no operation is running any more (the library may then be finalised safely).
   */
  close(): Promise<void> {
    this.closed = true;
    for (const session of this.idle.splice(0)) this.discard(session);
    for (const waiter of this.waiters.splice(0)) waiter.reject(this.closedError());
    if (this.busy === 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.drained = resolve;
    });
  }

  /**
   * A session available now: an idle one, else a new one while fewer than `size` are open; undefined when the caller
   * has to wait (or the pool is closed). A released session goes to the first waiter rather than to the idle list,
   * so an idle session never overtakes a waiter.
   */
  private take(): S | undefined {
    if (this.closed) return undefined;
    const session = this.idle.pop();
    if (session !== undefined) return session;
    return this.openCount < this.size ? this.openOne() : undefined;
  }

  /** Queues the caller for the next released session; fails at once when the pool is closed. */
  private wait(): Promise<S> {
    if (this.closed) return Promise.reject(this.closedError());
    return new Promise<S>((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  private release(session: S, healthy: boolean): void {
    if (healthy && !this.closed) {
      const waiter = this.waiters.shift();
      if (waiter) waiter.resolve(session);
      else this.idle.push(session);
      return;
    }
    this.discard(session);
    this.serveWaiters();
  }

  /**
   * Opens sessions for waiting callers while there is room. A caller whose session cannot be opened gets the error,
   * and the next waiter tries in turn: with no session in use, nothing else would ever wake it.
   */
  private serveWaiters(): void {
    while (!this.closed && this.openCount < this.size) {
      const waiter = this.waiters.shift();
      if (!waiter) return;
      try {
        waiter.resolve(this.openOne());
      } catch (error) {
        waiter.reject(error);
      }
    }
  }

  private openOne(): S {
    const session = this.factory.open();
    this.openCount += 1;
    return session;
  }

  private discard(session: S): void {
    this.openCount -= 1;
    try {
      this.factory.close(session);
    } catch {
      // A session that cannot be closed is already gone (device removed, library finalised).
    }
  }

  private closedError(): SessionPoolClosedError {
    return new SessionPoolClosedError();
  }
}
