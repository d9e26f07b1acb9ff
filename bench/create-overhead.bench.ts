// Per-call overhead of `create()` over a raw `openai` SDK call, both against the loopback testing
// server, measured side by side in interleaved rounds. Prints the median ratio.
//   npm run bench            full run
//   npm run bench -- --quick smoke run (CI): same code path, few rounds, no verdict
import 'reflect-metadata';
import { IsInt, IsString, Min } from 'class-validator';
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import { Description, fromProvider } from '../src';
import { FakeOpenAIServer, type ReplyScript } from '../src/testing';

@Description('A person mentioned in the text')
class User {
  @IsString() name!: string;
  @IsInt() @Min(0) @Description('Age in whole years') age!: number;
}

const quick = process.argv.includes('--quick');
const ROUNDS = quick ? 3 : 25;
const PAIRS_PER_ROUND = quick ? 30 : 300;
const WARMUP_CALLS = quick ? 20 : 500;
const TARGET_RATIO = 1.1;

const messages = [{ role: 'user' as const, content: 'Extract: Jason is 25' }];
const reply: ReplyScript = { toolCall: { name: 'User', arguments: { name: 'Jason', age: 25 } } };

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Wall time of one call in µs. */
async function timeCall(call: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await call();
  return Number(process.hrtime.bigint() - start) / 1000;
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

  const raw = async (): Promise<unknown> => {
    const completion = await sdk.chat.completions.create(rawRequest);
    const call = completion.choices[0]!.message.tool_calls![0]!;
    return call.type === 'function' ? (JSON.parse(call.function.arguments) as unknown) : undefined;
  };
  const instructed = (): Promise<User> => client.create({ messages, responseModel: User });
  const queue = (count: number) => {
    server.reset();
    server.reply(...Array.from({ length: count }, () => reply));
  };

  queue(WARMUP_CALLS * 2);
  for (let index = 0; index < WARMUP_CALLS; index++) {
    await raw();
    await instructed();
  }

  // Calls are interleaved one by one (alternating which side goes first) so GC, JIT and
  // scheduler noise hit both sides alike; each round compares the medians of its calls.
  const rawTimes: number[] = [];
  const instructedTimes: number[] = [];
  const ratios: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    queue(PAIRS_PER_ROUND * 2);
    const rawRound: number[] = [];
    const instructedRound: number[] = [];
    for (let pair = 0; pair < PAIRS_PER_ROUND; pair++) {
      if (pair % 2 === 0) {
        rawRound.push(await timeCall(raw));
        instructedRound.push(await timeCall(instructed));
      } else {
        instructedRound.push(await timeCall(instructed));
        rawRound.push(await timeCall(raw));
      }
    }
    rawTimes.push(median(rawRound));
    instructedTimes.push(median(instructedRound));
    ratios.push(median(instructedRound) / median(rawRound));
  }
  await server.stop();

  const ratio = median(ratios);
  console.log(
    `create() overhead: ${ROUNDS} rounds x ${PAIRS_PER_ROUND} interleaved call pairs, loopback server`,
  );
  console.log(
    `  raw SDK call + JSON.parse : ${median(rawTimes).toFixed(1)} µs/call (median of round medians)`,
  );
  console.log(
    `  create() with validation  : ${median(instructedTimes).toFixed(1)} µs/call (median of round medians)`,
  );
  console.log(`  ratio (median of rounds)  : ${ratio.toFixed(3)}x  (target <= ${TARGET_RATIO}x)`);
  if (quick) {
    console.log('  --quick: smoke run only, too few rounds for a verdict');
  } else if (ratio > TARGET_RATIO) {
    console.log('  OVER TARGET');
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
