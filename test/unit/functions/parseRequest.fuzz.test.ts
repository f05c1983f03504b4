import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  InvalidParameterError,
  InvalidVersionError,
  MalformedRequestError,
  MissingParameterError,
  UnsupportedHttpMethodError,
} from "../../../core/errors";
import { PROTOCOL_PARAMETERS, parseRequest } from "../../../functions/lib/parseRequest";
import { validateInput } from "../../../functions/lib/validateInput";
import { OPERATIONS } from "../../../functions/operations";
import { apiEvent } from "./apiEvent";

/** The errors parsing is documented to throw; anything else is a bug. */
const PARSE_ERRORS = [
  MalformedRequestError,
  InvalidParameterError,
  InvalidVersionError,
  UnsupportedHttpMethodError,
];
const CONTEXT = new Set(["EncryptionContext"]);

const piece = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom(
    "%",
    "%2",
    "%zz",
    "%C3",
    "%C3%A9",
    "%FF",
    "+",
    "=",
    "&",
    "Action",
    "Version",
    "EncryptionContext.",
  ),
);
const urlText = fc.array(piece, { maxLength: 12 }).map((parts) => parts.join(""));

const event = fc.record({
  method: fc.constantFrom("POST", "GET", "PUT", "post"),
  path: fc.oneof(
    fc.constantFrom("/", "/Encrypt", "/%E0", "/a/b"),
    fc.string({ maxLength: 10 }).map((s) => `/${s}`),
  ),
  query: urlText,
  contentType: fc.constantFrom(
    undefined,
    "application/x-www-form-urlencoded",
    "application/json",
    "text/plain",
  ),
  body: fc.oneof(
    urlText,
    fc.json({ maxDepth: 2 }),
    fc.uint8Array({ maxLength: 40 }).map((b) => Buffer.from(b).toString("base64")),
  ),
  isBase64Encoded: fc.boolean(),
  action: fc.constantFrom(undefined, "Encrypt", "ListKeys", ""),
  version: fc.constantFrom(undefined, "2016-01-20", "2017-01-01"),
});

describe("parseRequest (fuzzed)", () => {
  it("any request either parses or fails with a documented KmsError", () => {
    fc.assert(
      fc.property(event, (e) => {
        const headers: Record<string, string> = {};
        if (e.contentType) headers["content-type"] = e.contentType;
        if (e.action !== undefined) headers["x-acs-action"] = e.action;
        if (e.version) headers["x-acs-version"] = e.version;
        const input = apiEvent({ ...e, headers });
        try {
          const parsed = parseRequest(input, { flattenedMaps: CONTEXT });
          for (const name of parsed.params.keys()) expect(PROTOCOL_PARAMETERS.has(name)).toBe(false);
          // Whatever parsed must then validate or fail with a parameter error, never anything else.
          try {
            validateInput("Encrypt", OPERATIONS.Encrypt, parsed.params);
          } catch (error) {
            expect([InvalidParameterError, MissingParameterError].some((t) => error instanceof t)).toBe(true);
          }
        } catch (error) {
          expect(
            PARSE_ERRORS.some((type) => error instanceof type),
            String(error),
          ).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("parameters survive the query string, a form body and a JSON body alike (round trip)", () => {
    const name = fc.string({ minLength: 1, maxLength: 8 }).filter((n) => !PROTOCOL_PARAMETERS.has(n));
    fc.assert(
      fc.property(fc.dictionary(name, fc.string({ maxLength: 20 }), { maxKeys: 8 }), (params) => {
        const encoded = Object.entries(params)
          .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
          .join("&");
        const fromQuery = parseRequest(apiEvent({ query: encoded })).params;
        const fromForm = parseRequest(
          apiEvent({ headers: { "content-type": "application/x-www-form-urlencoded" }, body: encoded }),
        ).params;
        const fromJson = parseRequest(
          apiEvent({ headers: { "content-type": "application/json" }, body: JSON.stringify(params) }),
        ).params;
        expect(Object.fromEntries(fromQuery)).toEqual({ ...params });
        expect(Object.fromEntries(fromForm)).toEqual({ ...params });
        expect(Object.fromEntries(fromJson)).toEqual({ ...params });
      }),
      { numRuns: 300 },
    );
  });

  it("a flattened EncryptionContext equals the JSON one (round trip)", () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 6 }),
        (context) => {
          const flattened = Object.entries(context)
            .map(([k, v]) => `${encodeURIComponent(`EncryptionContext.${k}`)}=${encodeURIComponent(v)}`)
            .join("&");
          const parsed = parseRequest(apiEvent({ query: `KeyId=k&Plaintext=p&${flattened}` }), {
            flattenedMaps: CONTEXT,
          });
          const input = validateInput("Encrypt", OPERATIONS.Encrypt, parsed.params);
          expect(input.encryptionContext ?? {}).toEqual({ ...context });
        },
      ),
      { numRuns: 300 },
    );
  });
});
