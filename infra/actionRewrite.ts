import { MissingParameterError, UnknownActionError } from "../core/errors";

/**
 * The viewer-request code of the CloudFront entry (DESIGN sections 3 and 10): the official Alibaba SDKs send every
 * call as `POST /` with the operation in the `Action` query parameter (RPC signature v1, npm 1.x client) or in the
 * `x-acs-action` header (ACS3-HMAC-SHA256 clients), while API Gateway routes by path to one function per operation
 * (`POST /<Action>`). A CloudFront Function sees the method, URI, query string and headers, never the body.
 *
 * What the code does, per request (the ACS3 check accepts a request received at `/<Action>` that was signed for `/`,
 * core/auth/readAcs3Request.ts, so the rewrite needs to pass on nothing about the original path):
 * - `POST /`: takes the Action from the query (`Action`, percent-decoded) or else the `x-acs-action` header and, when
 *   it is a well-formed name (`[A-Za-z0-9]{1,64}`), rewrites the URI to `/<Action>`; API Gateway then runs that
 *   operation's function, or answers its own 404 `{"message":"Not Found"}` for a name Keyward does not serve;
 * - `POST /` with no Action in the query or the header (e.g. only in a form body): 400 `MissingParameter` at the edge;
 *   a malformed Action: 404 `InvalidAction.NotFound` at the edge;
 * - another method on `/`: 403 `UnsupportedHTTPMethod` at the edge (the per-operation routes take POST);
 * - any other URI (`/<Action>` called directly) passes unchanged.
 * Edge errors carry the Alibaba error body (`RequestId` = CloudFront's request id, `HostId`, `Code`, `Message`,
 * `Recommend`).
 *
 * The code targets the CloudFront Functions JavaScript runtime 2.0 in plain ES 5.1 (`var`, no arrows, spread,
 * destructuring or optional chaining) and is inserted by `sst.aws.Router` at the top of its
 * `async function handler(event)`, before the router's own routing code, so it may `return` a response. Every
 * identifier it declares starts with `kw` to stay clear of the router's. CloudFront limits a function to 10,240
 * bytes and the router's own code takes about 8.9 KB of that (SST 4.17.1, 9.2 KB with a custom domain), hence
 * {@link MAX_INJECTION_BYTES}; that is also why the Action is checked for its form only, not against the list.
 */

/** The budget of the injected code next to the router's own code within CloudFront's 10,240-byte limit. */
export const MAX_INJECTION_BYTES = 1000;

/** A well-formed Action name, as the edge checks it. */
export const ACTION_FORM = /^[A-Za-z0-9]{1,64}$/;

/** Why the edge could not route a request without an Action in the query or a header. */
const EDGE_HINT = "Behind CloudFront, send Action in the query string or the x-acs-action header.";

/**
 * Builds the injection for `sst.aws.Router`'s `edge.viewerRequest.injection`.
 * @throws Error when the code would exceed {@link MAX_INJECTION_BYTES} (a postcondition).
 */
export function buildActionRewrite(): string {
  const missing = new MissingParameterError("Action");
  const malformed = new UnknownActionError("?");
  const s = JSON.stringify;
  const code = [
    `var kwQ=event.request,kwU=kwQ.uri,kwA="",kwE,kwP=kwQ.querystring.Action||kwQ.querystring.action,`,
    `kwH=kwQ.headers["x-acs-action"];`,
    `if(kwU==="/"){`,
    `if(kwQ.method!=="POST")kwE=[403,"UnsupportedHTTPMethod","The HTTP method is not supported; use POST."];`,
    `else{if(kwP)try{kwA=decodeURIComponent(kwP.value)}catch(kwX){kwA="?"}`,
    `if(!kwA&&kwH)kwA=kwH.value;`,
    `if(!kwA)kwE=[${missing.httpStatus},${s(missing.code)},${s(missing.message)}];`,
    `else if(${ACTION_FORM}.test(kwA))kwQ.uri="/"+kwA;`,
    `else kwE=[${malformed.httpStatus},${s(malformed.code)},${s(malformed.message)}]}`,
    `if(kwE)return{statusCode:kwE[0],headers:{"content-type":{value:"application/json"}},`,
    `body:{encoding:"text",data:JSON.stringify({RequestId:event.context.requestId,HostId:kwQ.headers.host.value,`,
    `Code:kwE[1],Message:kwE[2],Recommend:${s(EDGE_HINT)}})}}}`,
  ].join("\n");
  /* Postcondition: the code fits the budget CloudFront's 10 KB limit leaves next to the router's own code. */
  if (Buffer.byteLength(code) > MAX_INJECTION_BYTES) {
    throw new Error(
      `The viewer-request injection is ${Buffer.byteLength(code)} bytes, over ${MAX_INJECTION_BYTES}.`,
    );
  }
  return code;
}
