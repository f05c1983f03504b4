import type { KmsError } from "../errors";
import { JsonHsmClient } from "./HsmClient";
import type { HsmDriver } from "./HsmDriver";
import { handleHsmRequest } from "./handleHsmRequest";
import { LazyHsmDriver } from "./LazyHsmDriver";
import { Pkcs11Driver, type Pkcs11DriverOptions } from "./Pkcs11Driver";

/** Where an InProcessHsmClient gets its driver, and what it does on failures and at close. */
interface DriverSource {
  readonly get: () => Promise<HsmDriver>;
  readonly onError?: (error: KmsError, driver?: HsmDriver) => void;
  readonly close: () => Promise<void>;
}

/**
 * The HsmClient of one machine and of the tests (DESIGN section 8): serialises each request to JSON, runs it
 * through handleHsmRequest (the very code of the HSM Lambda) and parses the JSON response, so the contract is
 * exercised exactly as in the cloud, minus the network.
 */
export class InProcessHsmClient extends JsonHsmClient {
  private constructor(private readonly source: DriverSource) {
    const options = { onError: source.onError };
    super(async (requestJson) =>
      JSON.stringify(await handleHsmRequest(source.get, JSON.parse(requestJson), options)),
    );
  }

  /**
   * A client over a PKCS#11 token: the driver opens on the first request (an unreachable HSM is then a
   * ServiceUnavailableError answer, not a crash) and reopens after the HSM became unavailable.
   */
  static forPkcs11(options: Pkcs11DriverOptions): InProcessHsmClient {
    const holder = new LazyHsmDriver(() => Pkcs11Driver.open(options));
    return new InProcessHsmClient({ get: holder.get, onError: holder.onError, close: () => holder.close() });
  }

  /** A client over a driver the caller opened and closes (close() here leaves it open). */
  static forDriver(driver: HsmDriver): InProcessHsmClient {
    return new InProcessHsmClient({ get: async () => driver, close: async () => {} });
  }

  /** Closes the driver this client opened (forPkcs11). */
  close(): Promise<void> {
    return this.source.close();
  }
}
