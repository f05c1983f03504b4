import { Logger } from "@aws-lambda-powertools/logger";
import { afterEach, describe, expect, it, vi } from "vitest";
import { KeywardLogFormatter } from "../../../functions/lib/KeywardLogFormatter";
import { KeywardLogger } from "../../../functions/lib/KeywardLogger";
import { createRequestLogger } from "../../../functions/lib/RequestLogger";

/** Captures what a block writes to stdout and stderr (Powertools' Console writes through the same streams). */
function capture(block: () => void): { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const outSpy = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
    out.push(String(chunk));
    return true;
  });
  const errSpy = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
    err.push(String(chunk));
    return true;
  });
  try {
    block();
  } finally {
    outSpy.mockRestore();
    errSpy.mockRestore();
  }
  return { out, err };
}

/** A printed line without its timestamp (and an error's code location), as text, so key order is compared too. */
function comparable(line: string | undefined): string {
  const record = JSON.parse(line ?? "{}") as Record<string, unknown>;
  delete record.timestamp;
  const error = record.error as Record<string, unknown> | undefined;
  if (error) delete error.location;
  return JSON.stringify(record);
}

const AUDIT = {
  action: "Encrypt",
  requestId: "req-1",
  account: "5555555555555555",
  empty: "",
  absent: undefined,
  audit: { account: "5555555555555555", keyId: "k", keyVersionId: null, result: "Success" },
};

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("KeywardLogger", () => {
  it("prints a line of plain values exactly as Powertools' default Logger does, one JSON line on stdout", () => {
    const ours = capture(() =>
      new KeywardLogger({ serviceName: "keyward", logLevel: "DEBUG" }).info("audit", AUDIT),
    );
    const theirs = capture(() =>
      new Logger({ serviceName: "keyward", logLevel: "DEBUG" }).info("audit", AUDIT),
    );
    expect(ours.out).toHaveLength(1);
    expect(ours.out[0]?.endsWith("}\n")).toBe(true);
    expect(comparable(ours.out[0])).toBe(comparable(theirs.out[0]));
    expect(JSON.parse(ours.out[0] ?? "").timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(ours.err).toHaveLength(0);
  });

  it("prints WARN and ERROR lines on stderr, as Powertools' Console does", () => {
    const logger = new KeywardLogger({ serviceName: "keyward", logLevel: "DEBUG" });
    const { out, err } = capture(() => {
      logger.warn("careful", { n: 1 });
      logger.error("failed", { n: 2 });
    });
    expect(out).toHaveLength(0);
    expect(err.map((line) => JSON.parse(line).level)).toEqual(["WARN", "ERROR"]);
  });

  it("leaves a line holding an Error to Powertools' replacer (same output as the default Logger)", () => {
    const error = new Error("boom");
    const ours = capture(() =>
      new KeywardLogger({ serviceName: "keyward", logLevel: "DEBUG" }).error("failed", { error }),
    );
    const theirs = capture(() =>
      new Logger({ serviceName: "keyward", logLevel: "DEBUG" }).error("failed", { error }),
    );
    expect(comparable(ours.err[0])).toBe(comparable(theirs.err[0]));
    expect(JSON.parse(ours.err[0] ?? "").error).toMatchObject({ name: "Error", message: "boom" });
  });

  it("honours the log level Powertools reads", () => {
    const { out } = capture(() =>
      new KeywardLogger({ serviceName: "keyward", logLevel: "WARN" }).info("quiet"),
    );
    expect(out).toHaveLength(0);
  });

  it("takes Powertools' own path in development mode (POWERTOOLS_DEV)", () => {
    vi.stubEnv("POWERTOOLS_DEV", "true");
    const log = vi.spyOn(console, "info").mockImplementation(() => undefined);
    try {
      capture(() => new KeywardLogger({ serviceName: "keyward", logLevel: "DEBUG" }).info("dev", { a: 1 }));
      expect(log).toHaveBeenCalledTimes(1);
    } finally {
      log.mockRestore();
    }
  });
});

describe("KeywardLogFormatter", () => {
  it("writes UTC timestamps with toISOString, and leaves another time zone to Powertools", () => {
    const now = new Date("2026-01-02T03:04:05.678Z");
    expect(new KeywardLogFormatter(undefined).formatTimestamp(now)).toBe("2026-01-02T03:04:05.678Z");
    expect(new KeywardLogFormatter(":UTC").formatTimestamp(now)).toBe("2026-01-02T03:04:05.678Z");
    vi.stubEnv("TZ", "Asia/Shanghai");
    expect(new KeywardLogFormatter("Asia/Shanghai").formatTimestamp(now)).toBe(
      "2026-01-02T11:04:05.678+08:00",
    );
  });
});

describe("createRequestLogger", () => {
  it("adds the request's keys to every line; a line's fields and appended keys come after them", () => {
    const root = new KeywardLogger({ serviceName: "keyward", logLevel: "DEBUG" });
    const { out } = capture(() => {
      const logger = createRequestLogger(root, { action: "Encrypt", requestId: "r" });
      logger.info("first", { requestId: "override", extra: true });
      logger.appendKeys({ account: "a" });
      logger.info("second");
    });
    const [first, second] = out.map((line) => JSON.parse(line));
    expect(first).toMatchObject({ message: "first", action: "Encrypt", requestId: "override", extra: true });
    expect(second).toMatchObject({ message: "second", action: "Encrypt", requestId: "r", account: "a" });
    expect(second.extra).toBeUndefined();
  });
});
