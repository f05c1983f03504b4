import { type KmsError, ServiceUnavailableError } from "../errors";
import type { HsmDriver } from "./HsmDriver";

/**
 * Holds the one driver of a process (a warm Lambda instance, the local server): opened on first use, reused
 * afterwards (STYLE rule 17), and dropped after the HSM became unavailable so the next request reconnects. An open
 * that fails is not cached either: the next request tries again.
 */
export class LazyHsmDriver {
  private current?: Promise<HsmDriver>;
  /** The driver `current` resolved to, once it has. */
  private opened?: HsmDriver;

  constructor(private readonly open: () => Promise<HsmDriver>) {}

  /** The driver, opened if needed. @throws what opening throws (ServiceUnavailableError when unreachable). */
  get = (): Promise<HsmDriver> => {
    if (this.current === undefined) {
      const opening = this.open().then(
        (driver) => {
          if (this.current === opening) this.opened = driver;
          return driver;
        },
        (error: unknown) => {
          if (this.current === opening) this.current = undefined;
          throw error;
        },
      );
      this.current = opening;
    }
    return this.current;
  };

  /**
   * For handleHsmRequest's `onError`: a ServiceUnavailableError of the current driver drops it. An error of a driver
   * already replaced (late, or a queued request failing as its pool closes) leaves the new one alone.
   */
  onError = (error: KmsError, driver?: HsmDriver): void => {
    if (!(error instanceof ServiceUnavailableError)) return;
    if (driver !== undefined && driver !== this.opened) return;
    void this.close();
  };

  /** Closes the driver, if one is open; the next `get` opens a new one. */
  async close(): Promise<void> {
    const current = this.current;
    this.current = undefined;
    this.opened = undefined;
    const driver = await current?.catch(() => undefined);
    await driver?.close();
  }
}
