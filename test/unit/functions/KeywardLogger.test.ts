import { Logger, LogLevelThreshold } from "@aws-lambda-powertools/logger";
import { afterEach, describe, expect, it, vi } from "vitest";
import { KeywardLogFormatter } from "../../../functions/lib/KeywardLogFormatter";
import { KeywardLogger } from "../../../functions/lib/KeywardLogger";
import { plainLine } from "../../../functions/lib/plainLogLine";
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

describe("KeywardLogger.writeLine (the request loggers' plain path)", () => {
  const KEYS = {
    action: "Encrypt",
    requestId: "req-1",
    function_name: "keyward-Encrypt",
    function_request_id: "aws-req-1",
    cold_start: false,
    account: "5555555555555555",
  };
  const FIELDS = {
    audit: { account: "5555555555555555", keyId: "k", keyVersionId: null, result: "Success" },
    n: 0,
  };

  /** The line Powertools prints for the same request keys and fields (through KeywardLogger's Powertools path). */
  function powertoolsLine(level: "info" | "warn", options = {}) {
    const logger = new KeywardLogger({ serviceName: "keyward", logLevel: "DEBUG", ...options });
    return capture(() => logger[level]("audit", KEYS, FIELDS));
  }

  it("prints the very line Powertools prints, keys in the same order, on the same stream", () => {
    for (const [level, threshold] of [
      ["info", LogLevelThreshold.INFO],
      ["warn", LogLevelThreshold.WARN],
    ] as const) {
      const logger = new KeywardLogger({ serviceName: "keyward", logLevel: "DEBUG" });
      let written = false;
      const ours = capture(() => {
        written = logger.writeLine(threshold, "audit", KEYS, FIELDS);
      });
      const theirs = powertoolsLine(level);
      expect(written).toBe(true);
      const stream = level === "info" ? "out" : "err";
      expect(ours[stream]).toHaveLength(1);
      expect(comparable(ours[stream][0])).toBe(comparable(theirs[stream][0]));
    }
  });

  it("carries the X-Ray trace id and the sampling rate as Powertools does", () => {
    vi.stubEnv(
      "_X_AMZN_TRACE_ID",
      "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=557abcec3ee5a047;Sampled=1",
    );
    // A sampling rate of 1 always samples (Powertools announces it with a line of its own, swallowed here).
    const sampled = () => new KeywardLogger({ serviceName: "keyward", logLevel: "INFO", sampleRateValue: 1 });
    const ours = capture(() => sampled().writeLine(LogLevelThreshold.DEBUG, "audit", KEYS, FIELDS));
    const theirs = capture(() => sampled().debug("audit", KEYS, FIELDS));
    expect(JSON.parse(ours.out.at(-1) ?? "{}")).toMatchObject({
      level: "DEBUG",
      xray_trace_id: "1-5759e988-bd862e3fe1be46a994272793",
      sampling_rate: 1,
    });
    expect(comparable(ours.out.at(-1))).toBe(comparable(theirs.out.at(-1)));
  });

  it("writes nothing below the level in effect, and says it handled the line", () => {
    const logger = new KeywardLogger({ serviceName: "keyward", logLevel: "ERROR" });
    let written = false;
    const { out, err } = capture(() => {
      written = logger.writeLine(LogLevelThreshold.INFO, "audit", KEYS, FIELDS);
    });
    expect(written).toBe(true);
    expect(out).toHaveLength(0);
    expect(err).toHaveLength(0);
  });

  it("declines what only Powertools prints right: errors, reserved keys, root keys, a context, dev mode", () => {
    const decline = (logger: KeywardLogger, fields: Record<string, unknown> = FIELDS) => {
      const { out, err } = capture(() => {
        expect(logger.writeLine(LogLevelThreshold.ERROR, "failed", KEYS, fields)).toBe(false);
      });
      expect([...out, ...err]).toEqual([]);
    };
    const fresh = () => new KeywardLogger({ serviceName: "keyward", logLevel: "DEBUG" });
    decline(fresh(), { error: new Error("boom") });
    decline(fresh(), { timestamp: "mine" });
    const withKeys = fresh();
    withKeys.appendKeys({ tenant: "t" });
    decline(withKeys);
    const withPersistent = new KeywardLogger({ serviceName: "keyward", persistentKeys: { stage: "prod" } });
    decline(withPersistent);
    const withContext = fresh();
    withContext.addContext({ functionName: "f", awsRequestId: "r", memoryLimitInMB: "128" } as never);
    decline(withContext);
    vi.stubEnv("POWERTOOLS_DEV", "true");
    decline(fresh());
  });

  it("is what the request loggers use, falling back to Powertools with the same result", () => {
    const root = new KeywardLogger({ serviceName: "keyward", logLevel: "DEBUG" });
    const plain = capture(() => createRequestLogger(root, KEYS).info("audit", FIELDS));
    const spy = vi.spyOn(root, "writeLine").mockReturnValue(false);
    const fallback = capture(() => createRequestLogger(root, KEYS).info("audit", FIELDS));
    spy.mockRestore();
    expect(plain.out).toHaveLength(1);
    expect(comparable(plain.out[0])).toBe(comparable(fallback.out[0]));
  });
});

describe("plainLine", () => {
  const base = { message: "m", timestamp: "t", service: "keyward", samplingRate: 0, sources: [] };

  it("keeps a base key's place for a source key of that name and drops empty values", () => {
    const line = plainLine({
      ...base,
      logLevel: LogLevelThreshold.INFO,
      sources: [{ action: "Encrypt", function_name: "f", empty: "", none: null }, { action: "Decrypt" }],
    });
    expect(JSON.stringify(line)).toBe(
      '{"level":"INFO","message":"m","timestamp":"t","service":"keyward","function_name":"f","sampling_rate":0,"action":"Decrypt"}',
    );
  });

  it("leaves TRACE, reserved keys and values that are not plain JSON to Powertools", () => {
    expect(plainLine({ ...base, logLevel: LogLevelThreshold.TRACE })).toBeUndefined();
    expect(
      plainLine({ ...base, logLevel: LogLevelThreshold.INFO, sources: [{ level: "x" }] }),
    ).toBeUndefined();
    expect(plainLine({ ...base, logLevel: LogLevelThreshold.INFO, sources: [{ n: 1n }] })).toBeUndefined();
    expect(
      plainLine({ ...base, logLevel: LogLevelThreshold.INFO, sources: [{ m: new Map() }] }),
    ).toBeUndefined();
  });
});
