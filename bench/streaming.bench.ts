// Streaming cost of createPartial() and createIterable() over consuming the same raw SDK stream,
// against the loopback testing server, at 16, 64 and 256 KB replies in 8-character deltas.
// Rounds interleave the three sides so GC, JIT and scheduler noise hit them alike.
//   npm run bench            full run (writes bench/results.json)
//   npm run bench -- --quick smoke run (CI): same code path, one small size, no verdict
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Type } from 'class-transformer';
import { IsArray, IsInt, IsString, ValidateNested } from 'class-validator';
import { fromProvider } from '../src';
import { completionToSse, FakeOpenAIServer } from '../src/testing';

class Section {
  @IsString() heading!: string;
  @IsString() body!: string;
  @IsInt() score!: number;
}

class Report {
  @IsString() title!: string;
  @IsArray() @ValidateNested({ each: true }) @Type(() => Section) sections!: Section[];
}

const quick = process.argv.includes('--quick');
const SIZES_KB = quick ? [16] : [16, 64, 256];
const ROUNDS = quick ? 2 : 9;
const PIECE = 8;
const TARGETS = { partialAt64: 1.5, growth: 4.4 };

const messages = [{ role: 'user' as const, content: 'Write the report' }];

function sections(sizeKb: number): Section[] {
  const result: Section[] = [];
  const body = 'lorem ipsum dolor sit amet, consectetur adipiscing elit '.repeat(3);
  for (let index = 0; JSON.stringify(result).length < sizeKb * 1024; index++) {
    result.push({ heading: `Section ${index}`, body: `${index}: ${body}`, score: index % 97 });
  }
  return result;
}

/** The SSE body of a forced tool call with these arguments, cut into 8-character deltas. */
function sseOf(name: string, args: unknown): string {
  return completionToSse(
    {
      id: 'chatcmpl-bench',
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
                function: { name, arguments: JSON.stringify(args) },
              },
            ],
          },
        },
      ],
      usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
    },
    { includeUsage: true, pieceLength: PIECE },
  );
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

interface SizeFigures {
  sizeKb: number;
  deltas: number;
  rawMs: number;
  partialMs: number;
  iterableMs: number;
  partialRatio: number;
  iterableRatio: number;
  partialValues: number;
  elements: number;
}

async function main(): Promise<void> {
  const server = await FakeOpenAIServer.start();
  try {
    await measure(server);
  } finally {
    await server.stop();
  }
}

async function measure(server: FakeOpenAIServer): Promise<void> {
  const sdk = server.client();
  const client = fromProvider('openai/gpt-4.1-mini', { client: sdk, maxRetries: 0 });
  const figures: SizeFigures[] = [];
  let peakHeap: { rawMb: number; partialMb: number } | undefined;

  for (const sizeKb of SIZES_KB) {
    const items = sections(sizeKb);
    const reportSse = sseOf('Report', { title: 'Bench', sections: items });
    const listSse = sseOf('SectionList', { items });
    const deltas = reportSse.split('\n\n').length;
    let partialValues = 0;
    let elements = 0;

    const raw = async (): Promise<void> => {
      server.reply({ sse: reportSse });
      const stream = await sdk.chat.completions.create({
        model: 'gpt-4.1-mini',
        messages,
        stream: true,
      });
      const parts: string[] = [];
      for await (const chunk of stream) {
        const argumentsText = chunk.choices[0]?.delta.tool_calls?.[0]?.function?.arguments;
        if (argumentsText) parts.push(argumentsText);
      }
      JSON.parse(parts.join(''));
    };
    const partial = async (): Promise<void> => {
      server.reply({ sse: reportSse });
      partialValues = 0;
      for await (const value of client.createPartial({ messages, responseModel: Report })) {
        if (value !== undefined) partialValues++;
      }
    };
    const iterable = async (): Promise<void> => {
      server.reply({ sse: listSse });
      elements = 0;
      for await (const section of client.createIterable({ messages, responseModel: Section })) {
        if (section !== undefined) elements++;
      }
    };

    // Warm-up: JIT, schema and metadata caches.
    for (let index = 0; index < 2; index++) {
      await raw();
      await partial();
      await iterable();
    }
    const rawTimes: number[] = [];
    const partialTimes: number[] = [];
    const iterableTimes: number[] = [];
    const partialRatios: number[] = [];
    const iterableRatios: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      process.stdout.write(`\r  ${sizeKb} KB: round ${round + 1}/${ROUNDS}   `);
      const order = [raw, partial, iterable];
      // Rotate who goes first each round.
      for (let shift = 0; shift < round % 3; shift++) order.push(order.shift()!);
      const times = new Map<unknown, number>();
      for (const side of order) times.set(side, await timed(side));
      rawTimes.push(times.get(raw)!);
      partialTimes.push(times.get(partial)!);
      iterableTimes.push(times.get(iterable)!);
      partialRatios.push(times.get(partial)! / times.get(raw)!);
      iterableRatios.push(times.get(iterable)! / times.get(raw)!);
    }
    process.stdout.write('\r');
    figures.push({
      sizeKb,
      deltas,
      rawMs: median(rawTimes),
      partialMs: median(partialTimes),
      iterableMs: median(iterableTimes),
      partialRatio: median(partialRatios),
      iterableRatio: median(iterableRatios),
      partialValues,
      elements,
    });

    if (sizeKb === SIZES_KB[SIZES_KB.length - 1]) {
      peakHeap = { rawMb: await peakHeapGrowth(raw), partialMb: await peakHeapGrowth(partial) };
    }
  }
  await server.stop();

  console.log(
    `streaming: ${ROUNDS} interleaved rounds per size, ${PIECE}-character deltas, loopback server`,
  );
  console.log('  size    deltas  raw stream  createPartial        createIterable');
  for (const row of figures) {
    console.log(
      `  ${`${row.sizeKb} KB`.padEnd(7)} ${String(row.deltas).padStart(6)}  ${row.rawMs.toFixed(1).padStart(7)} ms  ` +
        `${row.partialMs.toFixed(1).padStart(7)} ms ${row.partialRatio.toFixed(2)}x  ` +
        `${row.iterableMs.toFixed(1).padStart(7)} ms ${row.iterableRatio.toFixed(2)}x`,
    );
  }
  const at = (sizeKb: number) => figures.find((row) => row.sizeKb === sizeKb);
  const growth =
    at(64) && at(256)
      ? {
          raw: at(256)!.rawMs / at(64)!.rawMs,
          partial: at(256)!.partialMs / at(64)!.partialMs,
          iterable: at(256)!.iterableMs / at(64)!.iterableMs,
        }
      : undefined;
  if (growth) {
    console.log(
      `  256 KB / 64 KB time: raw ${growth.raw.toFixed(2)}x, createPartial ${growth.partial.toFixed(2)}x, ` +
        `createIterable ${growth.iterable.toFixed(2)}x  (target <= ${TARGETS.growth}x)`,
    );
  }
  if (peakHeap) {
    console.log(
      `  peak heap growth at ${SIZES_KB[SIZES_KB.length - 1]} KB: raw ${peakHeap.rawMb.toFixed(1)} MB, createPartial ${peakHeap.partialMb.toFixed(1)} MB`,
    );
  }
  if (quick) {
    console.log('  --quick: smoke run only, too few rounds and sizes for a verdict');
    return;
  }
  const results = {
    date: new Date().toISOString(),
    node: process.version,
    figures,
    growth,
    peakHeap,
    targets: TARGETS,
  };
  writeFileSync(path.join(__dirname, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log('  written to bench/results.json');
  const over =
    at(64)!.partialRatio > TARGETS.partialAt64 ||
    (growth !== undefined && (growth.partial > TARGETS.growth || growth.iterable > TARGETS.growth));
  if (over) {
    console.log('  OVER TARGET');
    process.exitCode = 1;
  }
}

/** The highest heap use seen while `run` ran, over the heap before it, in MB (sampled per tick). */
async function peakHeapGrowth(run: () => Promise<void>): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const start = process.memoryUsage().heapUsed;
  let peak = start;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, 1);
  await run();
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  return (peak - start) / 1024 / 1024;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
