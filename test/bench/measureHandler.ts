import type { APIGatewayProxyEventV2, Context } from "aws-lambda";
import { localLambdaContext } from "../../infra/local/toApiGatewayEvent";
import { apiEventOf } from "./apiEvent";
import type { BenchService } from "./benchService";
import { median } from "./stats";

/** How long each timed round of a handler measurement aims to last. */
const ROUND_MS = 400;
/** How long an operation runs before its calibration round. */
const WARMUP_MS = 300;

/**
 * Operations per second of one operation's real handler, back to back in this process, each invocation with its
 * own signed request (nonces are single-use): requests are signed and turned into API Gateway events before each
 * round, outside the timing, as API Gateway builds the event outside the function. A warm-up of about 0.3 s (JIT,
 * caches) and a calibration round come first; then `rounds` rounds sized to last about 400 ms each; the median round is reported.
 * With `parallel` > 1, that many callers invoke the handler concurrently (as concurrent requests reach one warm
 * instance of the local server).
 * @throws Error when an answer is not 200 (a benchmark of failures would be meaningless).
 */
export async function handlerOpsPerSecond(
  service: BenchService,
  action: string,
  params: Readonly<Record<string, string>>,
  rounds = 3,
  parallel = 1,
  warmupMs = WARMUP_MS,
): Promise<number> {
  const handler = await service.handler(action);
  const prepare = (count: number): [APIGatewayProxyEventV2, Context][] =>
    service.events(action, params, count).map((signed) => {
      const event = apiEventOf(signed, action);
      return [event, localLambdaContext(action, event.requestContext.requestId)];
    });
  const runRound = async (invocations: readonly [APIGatewayProxyEventV2, Context][]): Promise<number> => {
    let next = 0;
    const worker = async () => {
      while (next < invocations.length) {
        const [event, context] = invocations[next++] as [APIGatewayProxyEventV2, Context];
        const result = await handler(event, context);
        if (result.statusCode !== 200)
          throw new Error(`${action} answered ${result.statusCode}: ${result.body}`);
      }
    };
    const start = performance.now();
    await Promise.all(Array.from({ length: parallel }, worker));
    return (invocations.length * 1000) / (performance.now() - start);
  };
  // Warm-up (JIT, caches), then a calibration round that sizes the timed ones.
  let warm = 50;
  for (const start = performance.now(); performance.now() - start < warmupMs; warm *= 2) {
    await runRound(prepare(warm));
  }
  const calibration = await runRound(prepare(Math.min(warm, 400)));
  const perRound = Math.max(20, Math.round((calibration * ROUND_MS) / 1000));
  const rates: number[] = [];
  for (let r = 0; r < rounds; r++) rates.push(await runRound(prepare(perRound)));
  return median(rates);
}
