import { expect } from "vitest";
import { HsmProtocolError } from "../../../core/hsm/HsmProtocolError";

/** The detail of the HsmProtocolError `run` throws (fails the test when it throws nothing or something else). */
export function detailOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(HsmProtocolError);
    return (error as HsmProtocolError).detail;
  }
  throw new Error("expected an HsmProtocolError");
}
