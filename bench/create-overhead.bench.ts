// Per-call overhead of `create()` over a raw `openai` SDK call, measured side by side in
// interleaved rounds, twice:
//   1. against the loopback testing server (sockets, HTTP parsing: a real call's shape), printing
//      the median ratio and the ratio of mean call times;
//   2. through an in-process stub `fetch` (no sockets): what is left is CPU, and the difference
//      between the two sides is our own CPU per call.
//   npm run bench            full run
//   npm run bench -- --quick smoke run (CI): same code path, few rounds, no verdict
import 'reflect-metadata';
import { IsInt, IsString, Min } from 'class-validator';
import OpenAI from 'openai';
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import { Description, fromProvider } from '../src';
import { FakeOpenAIServer, type ReplyScript } from '../src/testing';

@Description('A person mentioned in the text')
class User {
  @IsString() name!: string;
  @IsInt() @Min(0) @Description('Age in whole years') age!: number;
}

const quick = process.argv.includes('--quick');
const ROUNDS = quick ? 3 : 40;
const PAIRS_PER_ROUND = quick ? 30 : 300;
const WARMUP_CALLS = quick ? 20 : 500;
const STUB_PAIRS_PER_ROUND = quick ? 100 : 1000;
const STUB_WARMUP_CALLS = quick ? 50 : 2000;
const TARGET_RATIO = 1.1; // fails the run
const AIM_RATIO = 1.05; // reported

const messages = [{ role: 'user' as const, content: 'Extract: Jason is 25' }];
const toolArguments = { name: 'Jason', age: 25 };
const reply: ReplyScript = { toolCall: { name: 'User', arguments: toolArguments } };

// The stub's reply: the completion the loopback server sends for `reply`.
const stubBody = JSON.stringify({
  id: 'chatcmpl-stub',
  object: 'chat.completion',
  created: 1,
  model: 'gpt-4.1-mini',
  choices: [
    {
      index: 0,
      finish_reason: 'tool_calls',
      logprobs: null,
      message: {
        role: 'assistant',
        content: null,
        refusal: null,
        tool_calls: [
          {
            id: 'call_1',
            type: 'function',
            function: { name: 'User', arguments: JSON.stringify(toolArguments) },
          },
        ],
      },
    },
  ],
  usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
});

/** A fetch that answers every request at once with the completion, without touching a socket. */
const stubFetch = (): Promise<Response> =>
  Promise.resolve(new Response(stubBody, { headers: { 'content-type': 'application/json' } }));

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function mean(values: number[]): number {
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

/** Wall time of one call in µs. */
async function timeCall(call: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await call();
  return Number(process.hrtime.bigint() - start) / 1000;
}

interface Figures {
  /** µs/call, median over rounds of each round's median. */
  rawMedian: number;
  instructedMedian: number;
  /** Median over rounds of (round median of create() / round median of raw). */
  ratio: number;
  /** µs/call, mean of every measured call (GC pauses and outliers included). */
  rawMean: number;
  instructedMean: number;
  /** Each round's (mean of create() / mean of raw): how much the ratio of means moves by round. */
  roundMeanRatios: number[];
}

interface Sides {
  raw: () => Promise<unknown>;
  instructed: () => Promise<unknown>;
  /** Called before the warm-up and each round with the number of calls it will make. */
  prepare?: (calls: number) => void;
}

// Calls are interleaved one by one (alternating which side goes first) so GC, JIT and scheduler
// noise hit both sides alike; each round compares the medians of its calls.
async function measure(sides: Sides, warmupCalls: number, pairsPerRound: number): Promise<Figures> {
  const { raw, instructed, prepare } = sides;
  prepare?.(warmupCalls * 2);
  for (let index = 0; index < warmupCalls; index++) {
    await raw();
    await instructed();
  }
  const rawMedians: number[] = [];
  const instructedMedians: number[] = [];
  const ratios: number[] = [];
  const rawAll: number[] = [];
  const instructedAll: number[] = [];
  const roundMeanRatios: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    prepare?.(pairsPerRound * 2);
    const rawRound: number[] = [];
    const instructedRound: number[] = [];
    for (let pair = 0; pair < pairsPerRound; pair++) {
      if (pair % 2 === 0) {
        rawRound.push(await timeCall(raw));
        instructedRound.push(await timeCall(instructed));
      } else {
        instructedRound.push(await timeCall(instructed));
        rawRound.push(await timeCall(raw));
      }
    }
    rawMedians.push(median(rawRound));
    instructedMedians.push(median(instructedRound));
    ratios.push(median(instructedRound) / median(rawRound));
    roundMeanRatios.push(mean(instructedRound) / mean(rawRound));
    rawAll.push(...rawRound);
    instructedAll.push(...instructedRound);
  }
  return {
    rawMedian: median(rawMedians),
    instructedMedian: median(instructedMedians),
    ratio: median(ratios),
    rawMean: mean(rawAll),
    instructedMean: mean(instructedAll),
    roundMeanRatios,
  };
}

/** The raw side: exactly the request create() sends, then JSON.parse of the tool arguments. */
function rawCall(sdk: OpenAI, request: ChatCompletionCreateParamsNonStreaming) {
  return async (): Promise<unknown> => {
    const completion = await sdk.chat.completions.create(request);
    const call = completion.choices[0]!.message.tool_calls![0]!;
    return call.type === 'function' ? (JSON.parse(call.function.arguments) as unknown) : undefined;
  };
}

/** Mean ± two standard errors of `values`: where the figure would land on another run. */
function spread(values: number[]): string {
  const average = mean(values);
  let squares = 0;
  for (const value of values) squares += (value - average) ** 2;
  const standardError = Math.sqrt(squares / (values.length - 1) / values.length);
  return `${(average - 2 * standardError).toFixed(3)}-${(average + 2 * standardError).toFixed(3)}x`;
}

function met(ratio: number, target: number): string {
  return ratio <= target ? 'met' : 'NOT met';
}

async function main(): Promise<void> {
  const server = await FakeOpenAIServer.start();
  const sdk = server.client();
  const client = fromProvider('openai/gpt-4.1-mini', { client: sdk });

  // The raw side sends exactly the request create() sends, captured once.
  let captured: ChatCompletionCreateParamsNonStreaming | undefined;
  client.on('completion:kwargs', (kwargs) => {
    captured = kwargs as ChatCompletionCreateParamsNonStreaming;
  });
  server.reply(reply);
  await client.create({ messages, responseModel: User });
  client.clear('completion:kwargs');
  const rawRequest = captured!;

  const loopback = await measure(
    {
      raw: rawCall(sdk, rawRequest),
      instructed: () => client.create({ messages, responseModel: User }),
      prepare: (calls) => {
        server.reset();
        server.reply(...Array.from({ length: calls }, () => reply));
      },
    },
    WARMUP_CALLS,
    PAIRS_PER_ROUND,
  );
  await server.stop();

  const stubSdk = new OpenAI({
    apiKey: 'x',
    baseURL: 'http://stub.invalid/v1',
    maxRetries: 0,
    fetch: stubFetch,
  });
  const stubClient = fromProvider('openai/gpt-4.1-mini', { client: stubSdk });
  const checked = await stubClient.create({ messages, responseModel: User });
  if (!(checked instanceof User) || checked.age !== 25) throw new Error('the stub reply failed');
  const stub = await measure(
    {
      raw: rawCall(stubSdk, rawRequest),
      instructed: () => stubClient.create({ messages, responseModel: User }),
    },
    STUB_WARMUP_CALLS,
    STUB_PAIRS_PER_ROUND,
  );

  const meanRatio = loopback.instructedMean / loopback.rawMean;
  console.log(
    `create() overhead: ${ROUNDS} rounds x ${PAIRS_PER_ROUND} interleaved call pairs, loopback server`,
  );
  console.log(
    `  raw SDK call + JSON.parse : ${loopback.rawMedian.toFixed(1)} µs/call median of round medians, ` +
      `${loopback.rawMean.toFixed(1)} µs/call mean of all calls`,
  );
  console.log(
    `  create() with validation  : ${loopback.instructedMedian.toFixed(1)} µs/call median of round medians, ` +
      `${loopback.instructedMean.toFixed(1)} µs/call mean of all calls`,
  );
  console.log(
    `  ratio (median of rounds)  : ${loopback.ratio.toFixed(3)}x  (target <= ${TARGET_RATIO}x, aim <= ${AIM_RATIO}x)`,
  );
  console.log(
    `  ratio of means (GC incl.) : ${meanRatio.toFixed(3)}x  (aim <= ${AIM_RATIO}x; ` +
      `round by round ${spread(loopback.roundMeanRatios)}, mean ± 2 standard errors)`,
  );
  console.log(
    `create() CPU: ${ROUNDS} rounds x ${STUB_PAIRS_PER_ROUND} interleaved call pairs, in-process stub fetch (no sockets)`,
  );
  console.log(
    `  raw SDK call + JSON.parse : ${stub.rawMedian.toFixed(1)} µs/call median of round medians, ` +
      `${stub.rawMean.toFixed(1)} µs/call mean`,
  );
  console.log(
    `  create() with validation  : ${stub.instructedMedian.toFixed(1)} µs/call median of round medians, ` +
      `${stub.instructedMean.toFixed(1)} µs/call mean`,
  );
  console.log(
    `  our CPU per call          : ${(stub.instructedMedian - stub.rawMedian).toFixed(1)} µs (medians), ` +
      `${(stub.instructedMean - stub.rawMean).toFixed(1)} µs (means); ratio ${stub.ratio.toFixed(3)}x (median of rounds)`,
  );
  if (quick) {
    console.log('  --quick: smoke run only, too few rounds for a verdict');
    return;
  }
  console.log(
    `  aim <= ${AIM_RATIO}x (loopback): median ratio ${met(loopback.ratio, AIM_RATIO)}, ` +
      `ratio of means ${met(meanRatio, AIM_RATIO)}`,
  );
  if (loopback.ratio > TARGET_RATIO) {
    console.log(`  OVER TARGET (median ratio > ${TARGET_RATIO}x)`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
