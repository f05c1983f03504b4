import fc from "fast-check";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { ACTION_NAMES } from "../../../functions/operations";
import { ACTION_FORM, buildActionRewrite, MAX_INJECTION_BYTES } from "../../../infra/actionRewrite";

/*
 * The viewer-request injection is run the way sst.aws.Router runs it: inserted at the top of
 * `async function handler(event)` and followed by the router's code, which ends in `return event.request`.
 * The fake events follow the CloudFront Functions event structure (version 1.0): headers keyed by lower-case name,
 * query parameters by name, each `{ value }`.
 */

type Field = { value: string };
interface FakeRequest {
  method: string;
  uri: string;
  querystring: Record<string, Field>;
  headers: Record<string, Field>;
  cookies: Record<string, Field>;
}
interface EdgeResponse {
  statusCode: number;
  headers: Record<string, Field>;
  body: { encoding: string; data: string };
}

const code = buildActionRewrite();
const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
  ...args: string[]
) => (event: unknown) => Promise<FakeRequest | EdgeResponse>;
const handler = new AsyncFunction("event", `${code}\nreturn event.request;`);

function viewerRequest(
  method: string,
  uri: string,
  query: Record<string, string> = {},
  headers: Record<string, string> = {},
) {
  const wrap = (o: Record<string, string>) =>
    Object.fromEntries(Object.entries(o).map(([k, v]) => [k, { value: v }]));
  return {
    version: "1.0",
    context: { requestId: "cf-request-1", eventType: "viewer-request" },
    viewer: { ip: "192.0.2.1" },
    request: {
      method,
      uri,
      querystring: wrap(query),
      headers: wrap({ host: "kms.example.com", ...headers }),
      cookies: {},
    },
  };
}

async function forwarded(event: ReturnType<typeof viewerRequest>): Promise<FakeRequest> {
  const result = await handler(event);
  expect(result).not.toHaveProperty("statusCode");
  return result as FakeRequest;
}

async function answered(event: ReturnType<typeof viewerRequest>) {
  const result = (await handler(event)) as EdgeResponse;
  expect(result.headers["content-type"]?.value).toBe("application/json");
  expect(result.body.encoding).toBe("text");
  return { status: result.statusCode, body: JSON.parse(result.body.data) as Record<string, string> };
}

describe("the CloudFront viewer-request rewrite", () => {
  it("routes POST / with Action in the query string to /<Action>", async () => {
    const request = await forwarded(viewerRequest("POST", "/", { Action: "Encrypt", KeyId: "k" }));
    expect(request.uri).toBe("/Encrypt");
    expect(request.querystring.KeyId?.value).toBe("k");
  });

  it("routes POST / with the x-acs-action header to /<Action>", async () => {
    const request = await forwarded(
      viewerRequest("POST", "/", { KeyId: "k" }, { "x-acs-action": "DescribeKey" }),
    );
    expect(request.uri).toBe("/DescribeKey");
  });

  it("prefers the query string's Action and leaves the disagreement to the function", async () => {
    const request = await forwarded(
      viewerRequest("POST", "/", { Action: "Decrypt" }, { "x-acs-action": "Encrypt" }),
    );
    expect(request.uri).toBe("/Decrypt");
    expect(request.headers["x-acs-action"]?.value).toBe("Encrypt");
  });

  it("percent-decodes the Action and accepts a lower-cased parameter name", async () => {
    expect((await forwarded(viewerRequest("POST", "/", { Action: "%45ncrypt" }))).uri).toBe("/Encrypt");
    expect((await forwarded(viewerRequest("POST", "/", { action: "ListKeys" }))).uri).toBe("/ListKeys");
  });

  it("routes every operation of functions/operations.ts", async () => {
    for (const action of ACTION_NAMES) {
      expect(ACTION_FORM.test(action), action).toBe(true);
      expect((await forwarded(viewerRequest("POST", "/", { Action: action }))).uri).toBe(`/${action}`);
    }
  });

  it("answers 400 MissingParameter when the Action is only in the body", async () => {
    const { status, body } = await answered(
      viewerRequest("POST", "/", {}, { "content-type": "application/x-www-form-urlencoded" }),
    );
    expect(status).toBe(400);
    expect(body).toMatchObject({
      RequestId: "cf-request-1",
      HostId: "kms.example.com",
      Code: "MissingParameter",
    });
    expect(body.Message).toBe('The parameter "Action" is needed but not provided.');
    expect(body.Recommend).toContain("x-acs-action");
  });

  it("answers 404 InvalidAction.NotFound for a malformed Action and never echoes it", async () => {
    for (const action of ["Enc/rypt", "A|B", "x".repeat(65), "%zz", "<script>"]) {
      const { status, body } = await answered(viewerRequest("POST", "/", { Action: action }));
      expect(status, action).toBe(404);
      expect(body.Code).toBe("InvalidAction.NotFound");
      expect(body.Message).not.toContain(action);
    }
  });

  it("answers 403 UnsupportedHTTPMethod for another method on /", async () => {
    const { status, body } = await answered(viewerRequest("GET", "/", { Action: "ListKeys" }));
    expect(status).toBe(403);
    expect(body.Code).toBe("UnsupportedHTTPMethod");
  });

  it("passes other paths unchanged, headers included", async () => {
    const request = await forwarded(viewerRequest("POST", "/Encrypt", {}, { "x-acs-action": "Decrypt" }));
    expect(request.uri).toBe("/Encrypt");
    expect(request.headers["x-acs-action"]?.value).toBe("Decrypt");
  });

  it("rewrites exactly the well-formed Action names, for any Action value", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ maxLength: 80 }).filter((s) => !s.includes("%")),
        async (action) => {
          const result = await handler(viewerRequest("POST", "/", { Action: action }));
          if (action !== "" && ACTION_FORM.test(action))
            expect((result as FakeRequest).uri).toBe(`/${action}`);
          else expect([400, 404]).toContain((result as EdgeResponse).statusCode);
        },
      ),
    );
  });

  it("the code fits the budget CloudFront's 10 KB limit leaves next to the router's own code", () => {
    expect(Buffer.byteLength(code)).toBeLessThanOrEqual(MAX_INJECTION_BYTES);
  });

  it("uses only ES 5.1 syntax, with no identifier outside the kw prefix", () => {
    const wrapped = `async function handler(event){${code}}`;
    const syntax = ts.transpileModule(wrapped, { reportDiagnostics: true, fileName: "injection.js" });
    expect(syntax.diagnostics ?? []).toEqual([]);
    const source = ts.createSourceFile("injection.js", wrapped, ts.ScriptTarget.Latest);
    const forbidden = new Set([
      ts.SyntaxKind.ArrowFunction,
      ts.SyntaxKind.ClassDeclaration,
      ts.SyntaxKind.ClassExpression,
      ts.SyntaxKind.SpreadElement,
      ts.SyntaxKind.SpreadAssignment,
      ts.SyntaxKind.ObjectBindingPattern,
      ts.SyntaxKind.ArrayBindingPattern,
      ts.SyntaxKind.ForOfStatement,
      ts.SyntaxKind.TemplateExpression,
      ts.SyntaxKind.NoSubstitutionTemplateLiteral,
      ts.SyntaxKind.AwaitExpression,
      ts.SyntaxKind.QuestionDotToken,
      ts.SyntaxKind.QuestionQuestionToken,
      ts.SyntaxKind.ShorthandPropertyAssignment,
    ]);
    const found: string[] = [];
    const declared: string[] = [];
    const visit = (node: ts.Node) => {
      if (forbidden.has(node.kind)) found.push(ts.SyntaxKind[node.kind]);
      if (ts.isVariableDeclarationList(node) && node.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const))
        found.push("let/const");
      if (ts.isVariableDeclaration(node) || ts.isCatchClause(node)) {
        const name = ts.isCatchClause(node) ? node.variableDeclaration?.name : node.name;
        if (name && ts.isIdentifier(name)) declared.push(name.text);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
    expect(found).toEqual([]);
    expect(declared.length).toBeGreaterThan(0);
    expect(declared.filter((name) => !name.startsWith("kw"))).toEqual([]);
  });
});
