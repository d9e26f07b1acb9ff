// What our local/ path costs over node-llama-cpp called directly: the same tiny real model
// (test/fixtures/local-model/stories260K.gguf), the same chat history, the same grammar, greedy
// sampling, one thread each, calls interleaved in rounds. Prints per-call latency, tokens/s and
// the median ratio (target: under 1.05).
//   npm run bench            full run
//   npm run bench -- --quick smoke run (CI): same code path, few rounds, no verdict
import 'reflect-metadata';
import path from 'node:path';
import { IsInt, IsString } from 'class-validator';
import { fromProvider, Mode } from '../src';
import { llamaRuntime } from '../src/providers/local/llama.runtime';
import { translateRequest } from '../src/providers/local/local-request.translator';

class Person {
  @IsString() name!: string;
  @IsInt() age!: number;
}

const quick = process.argv.includes('--quick');
const ROUNDS = quick ? 2 : 15;
const PAIRS_PER_ROUND = quick ? 3 : 20;
const TARGET_RATIO = 1.05;
const MODEL = path.join(__dirname, '..', 'test', 'fixtures', 'local-model', 'stories260K.gguf');
const messages = [{ role: 'user' as const, content: 'Extract: Jason is 25' }];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

async function main(): Promise<void> {
  const client = fromProvider(`local/${MODEL}`, { mode: Mode.JSON_SCHEMA, local: { threads: 1 } });
  let body: unknown;
  let completionTokens = 0;
  client.on('completion:kwargs', (kwargs) => {
    body = kwargs;
  });
  client.on('completion:usage', (usage) => {
    completionTokens = usage.completion_tokens;
  });
  await client.create({ messages, responseModel: Person });

  // The direct side: what our engine hands node-llama-cpp, built from the very request we sent.
  const request = translateRequest(body);
  const { module, llama } = await llamaRuntime(false);
  const model = await llama.loadModel({ modelPath: MODEL });
  const context = await model.createContext({
    contextSize: Math.min(4096, model.trainContextSize),
    threads: 1,
  });
  const chat = new module.LlamaChat({ contextSequence: context.getSequence() });
  if (request.reply.kind !== 'json' || request.reply.schema === undefined) throw new Error('json');
  const grammar = await llama.createGrammarForJsonSchema(request.reply.schema as never);
  let directTokens = 0;
  const direct = async (): Promise<unknown> => {
    directTokens = 0;
    const history = request.history.map((item) =>
      item.type === 'model' ? { type: 'model' as const, response: [...item.response] } : item,
    );
    const response = await chat.generateResponse(history, {
      grammar,
      temperature: 0,
      onToken: (tokens) => {
        directTokens += tokens.length;
      },
    });
    return JSON.parse(response.response);
  };
  const ours = (): Promise<Person> => client.create({ messages, responseModel: Person });

  const time = async (call: () => Promise<unknown>): Promise<number> => {
    const start = process.hrtime.bigint();
    await call();
    return Number(process.hrtime.bigint() - start) / 1e6;
  };
  for (let warm = 0; warm < 5; warm++) {
    await direct();
    await ours();
  }
  const directTimes: number[] = [];
  const ourTimes: number[] = [];
  const ratios: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const d: number[] = [];
    const o: number[] = [];
    for (let pair = 0; pair < PAIRS_PER_ROUND; pair++) {
      // Alternate which side goes first, so neither always meets a warm cache.
      if (pair % 2 === 0) {
        d.push(await time(direct));
        o.push(await time(ours));
      } else {
        o.push(await time(ours));
        d.push(await time(direct));
      }
    }
    directTimes.push(...d);
    ourTimes.push(...o);
    ratios.push(median(o) / median(d));
  }
  const directMs = median(directTimes);
  const ourMs = median(ourTimes);
  const ratio = median(ratios);
  console.log(`  tiny model, ${completionTokens} tokens per reply (direct: ${directTokens})`);
  console.log(
    `  node-llama-cpp direct: ${directMs.toFixed(2)} ms/call, ${((directTokens / directMs) * 1000).toFixed(0)} tokens/s`,
  );
  console.log(
    `  fromProvider('local/...').create(): ${ourMs.toFixed(2)} ms/call, ${((completionTokens / ourMs) * 1000).toFixed(0)} tokens/s`,
  );
  console.log(
    `  ratio (median of ${ROUNDS} rounds): ${ratio.toFixed(3)}x (target < ${TARGET_RATIO})`,
  );
  await client.close();
  await context.dispose();
  await model.dispose();
  if (!quick && ratio > TARGET_RATIO) {
    console.log('  OVER TARGET');
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
