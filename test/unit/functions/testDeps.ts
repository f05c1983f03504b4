import { randomBytes } from "node:crypto";
import type { Authenticator } from "../../../functions/lib/Authenticator";
import type { Deps } from "../../../functions/lib/deps";
import type { OperationCategory } from "../../../functions/lib/schema";

/**
 * Dependencies for the stack's tests: one authenticator for every category (recording which categories were
 * asked for) and a secure random source. The services' stores are absent: these tests never reach a service
 * other than GetRandomPassword.
 */
export function testDeps(authenticator: Authenticator, categories: OperationCategory[] = []): Deps {
  const partial = {
    authenticatorFor(category: OperationCategory) {
      categories.push(category);
      return authenticator;
    },
    randomBytes: (n: number) => new Uint8Array(randomBytes(n)),
  };
  return partial as unknown as Deps;
}
