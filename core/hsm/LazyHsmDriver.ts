import { type KmsError, ServiceUnavailableError } from "../errors";
import type { HsmDriver } from "./HsmDriver";

/**
 * Holds the one driver of a process (a warm Lambda instance, the local server): opened on first use, reused
 * afterwards (STYLE rule 17), and dropped after the HSM became unavailable so the next request reconnects. An open
 * that fails is not cached either: the next request tries again.
 */
export class LazyHsmDriver {
  private current?: Promise<HsmDriver>;

  constructor(private readonly open: () => Promise<HsmDriver>) {}

  /** The driver, opened if needed. @throws what opening throws (ServiceUnavailableError when unreachable). */
  get = (): Promise<HsmDriver> => {
    this.current ??= this.open().catch((error: unknown) => {
      this.current = undefined;
      throw error;
    });
    return this.current;
  };

  /** For handleHsmRequest's `onError`: a ServiceUnavailableError drops the driver. */
  onError = (error: KmsError): void => {
    if (error instanceof ServiceUnavailableError) void this.close();
  };

  /** Closes the driver, if one is open; the next `get` opens a new one. */
  async close(): Promise<void> {
    const current = this.current;
    this.current = undefined;
    const driver = await current?.catch(() => undefined);
    await driver?.close();
  }
}
