// Soak: 10,000 calls on one client, 100 at a time, against the loopback testing server with faults
// injected (5xx the SDK retries, connection resets, timeouts, replies that are re-asked, slow
// hooks, aborts). Every call must end, in the outcome its plan implies, and the heap must come
// back: exits non-zero when a call is unaccounted for or ends otherwise, or the heap grew by more
// than 10 MB after GC, or the run takes longer than 5 minutes.
//   npm run soak                          (node --expose-gc: the heap is measured after GC)
//   SOAK_CALLS=2000 SOAK_SEED=7 npm run soak
import 'reflect-metadata';
import {
  fromProvider,
  IncompleteOutputException,
  InstructorRetryException,
  ProviderError,
  RefusalError,
  type RequestOptions,
} from '../src';
import { FakeOpenAIServer, type RecordedRequest, type ReplyScript } from '../src/testing';
import { User } from '../test/fixtures/models/user.model';
import { FaultServer } from '../test/integration/fuzz/fault.server';
import { bodyOf, urlOf, type FetchInput } from '../test/integration/fuzz/routed-fetch';

const CALLS = Number(process.env.SOAK_CALLS ?? 10_000);
const CONCURRENCY = 100;
const SEED = Number(process.env.SOAK_SEED ?? 20_240_601);
const TIME_LIMIT_MS = 5 * 60_000;
const HEAP_LIMIT_MB = 10;
const WARMUP_CALLS = 300;

type Outcome =
  | 'success'
  | 'InstructorRetryException'
  | 'IncompleteOutputException'
  | 'RefusalError'
  | 'ProviderError'
  | 'other';

const VALID: ReplyScript = { toolCall: { name: 'User', arguments: { name: 'Jason', age: 25 } } };
const INVALID: ReplyScript = { toolCall: { name: 'User', arguments: { name: 'Jason', age: -1 } } };
const OVERLOADED: ReplyScript = { error: { status: 503 }, headers: { 'retry-after-ms': '1' } };

/** What one call meets: a reply per (attempt, SDK retry), and how it must end. */
interface Plan {
  name: string;
  weight: number;
  /** The reply to the `retry`-th HTTP request of attempt `attempt` (both from 0), or a reset. */
  reply: (attempt: number, retry: number) => ReplyScript | 'reset';
  expected: readonly Outcome[];
  requestOptions?: RequestOptions;
  /** Abort the call's signal after up to this many ms. */
  abortWithinMs?: number;
}

const PLANS: readonly Plan[] = [
  { name: 'valid', weight: 40, reply: () => VALID, expected: ['success'] },
  {
    name: 're-asked once',
    weight: 15,
    reply: (attempt) => (attempt === 0 ? INVALID : VALID),
    expected: ['success'],
  },
  { name: 'never valid', weight: 5, reply: () => INVALID, expected: ['InstructorRetryException'] },
  {
    name: '503 then valid',
    weight: 8,
    reply: (_, retry) => (retry === 0 ? OVERLOADED : VALID),
    expected: ['success'],
  },
  { name: 'always 503', weight: 2, reply: () => OVERLOADED, expected: ['ProviderError'] },
  {
    name: 'reset then valid',
    weight: 4,
    reply: (_, retry) => (retry === 0 ? 'reset' : VALID),
    expected: ['success'],
  },
  { name: 'always reset', weight: 1, reply: () => 'reset', expected: ['ProviderError'] },
  {
    name: 'timeout',
    weight: 3,
    reply: () => ({ ...VALID, delayMs: 1_000 }),
    expected: ['ProviderError'],
    requestOptions: { timeout: 50, maxRetries: 0 },
  },
  {
    name: 'aborted',
    weight: 8,
    reply: () => ({ ...VALID, delayMs: 5 }),
    expected: ['success', 'ProviderError'],
    abortWithinMs: 10,
  },
  {
    name: 'refusal',
    weight: 2,
    reply: () => ({ refusal: 'I cannot help with that.' }),
    expected: ['RefusalError'],
  },
  {
    name: 'cut off',
    weight: 2,
    reply: () => ({ ...VALID, finishReason: 'length' }),
    expected: ['IncompleteOutputException'],
  },
];

/** mulberry32: a small seeded generator, so a run can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function outcomeOf(error: unknown): Outcome {
  if (InstructorRetryException.isInstance(error)) return 'InstructorRetryException';
  if (IncompleteOutputException.isInstance(error)) return 'IncompleteOutputException';
  if (RefusalError.isInstance(error)) return 'RefusalError';
  if (ProviderError.isInstance(error)) return 'ProviderError';
  return 'other';
}

/** The call a request belongs to (its user message says) and its attempt (echoed replies so far). */
function requestKey(request: RecordedRequest): { call: number; attempt: number } {
  const question = request.messages[0]?.content;
  const call = Number(/#(\d+)/.exec(typeof question === 'string' ? question : '')?.[1] ?? -1);
  return {
    call,
    attempt: request.messages.filter((message) => message.role === 'assistant').length,
  };
}

async function main(): Promise<void> {
  const server = await FakeOpenAIServer.start();
  const faults = await FaultServer.start();
  const next = random(SEED);
  const totalWeight = PLANS.reduce((sum, plan) => sum + plan.weight, 0);
  const pickPlan = (): Plan => {
    let left = next() * totalWeight;
    return PLANS.find((plan) => (left -= plan.weight) < 0) ?? PLANS[0]!;
  };
  const plans = new Map<number, Plan>();
  const requestsSeen = new Map<string, number>(); // `${call}/${attempt}` → HTTP requests so far

  // Every request passes here: a reset goes to the fault server, any other gets one reply
  // factory queued, which answers whichever request arrives from the request's own content.
  const routedFetch = (input: FetchInput, init?: RequestInit): Promise<Response> => {
    const { call, attempt } = requestKey(bodyOf(init));
    const key = `${call}/${attempt}`;
    const retry = requestsSeen.get(key) ?? 0;
    requestsSeen.set(key, retry + 1);
    const plan = plans.get(call) ?? PLANS[0]!;
    if (plan.reply(attempt, retry) === 'reset') {
      return fetch(urlOf(input).replace(server.url, faults.baseUrl('reset')), init);
    }
    server.reply((request) => {
      const arrived = requestKey(request);
      const seen = requestsSeen.get(`${arrived.call}/${arrived.attempt}`) ?? 1;
      const script = (plans.get(arrived.call) ?? PLANS[0]!).reply(arrived.attempt, seen - 1);
      return script === 'reset' ? VALID : script;
    });
    return fetch(input, init);
  };
  const client = fromProvider('openai/gpt-4.1-mini', {
    client: server.client({ fetch: routedFetch, maxRetries: 2 }),
  });
  // Slow hooks: now and then a handler keeps the call waiting on a timer.
  const sometimesSlow = () => (next() < 0.1 ? delay(1 + Math.floor(next() * 4)) : undefined);
  client.on('completion:response', sometimesSlow);
  client.on('parse:error', sometimesSlow);
  client.on('completion:last_attempt', sometimesSlow);

  const counts = new Map<Outcome, number>();
  const unexpected = new Map<string, number>();
  let started = 0;
  let settled = 0;

  const runCall = async (index: number): Promise<void> => {
    started += 1;
    const plan = pickPlan();
    plans.set(index, plan);
    const controller = plan.abortWithinMs === undefined ? undefined : new AbortController();
    const timer = controller && setTimeout(() => controller.abort(), next() * plan.abortWithinMs!);
    let outcome: Outcome;
    try {
      await client.create(
        {
          messages: [{ role: 'user', content: `Extract call #${index}: Jason is 25` }],
          responseModel: User,
        },
        { ...plan.requestOptions, ...(controller ? { signal: controller.signal } : {}) },
      );
      outcome = 'success';
    } catch (error) {
      outcome = outcomeOf(error);
    } finally {
      clearTimeout(timer);
      plans.delete(index);
      for (let attempt = 0; attempt <= 3; attempt++) requestsSeen.delete(`${index}/${attempt}`);
    }
    counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
    if (!plan.expected.includes(outcome)) {
      const key = `${plan.name} → ${outcome}`;
      unexpected.set(key, (unexpected.get(key) ?? 0) + 1);
    }
    settled += 1;
  };

  const runPool = async (from: number, to: number): Promise<void> => {
    let cursor = from;
    const worker = async (): Promise<void> => {
      while (cursor < to) await runCall(cursor++);
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  };

  const measureHeap = async (): Promise<number> => {
    await delay(200); // let sockets close and timers fire
    for (let round = 0; round < 3; round++) {
      global.gc?.();
      await delay(20);
    }
    return process.memoryUsage().heapUsed / 2 ** 20;
  };

  if (!global.gc)
    console.warn('soak: run with node --expose-gc (npm run soak): heap figures are without GC');
  await runPool(-WARMUP_CALLS, 0); // negative ids: warm-up calls, not counted below
  counts.clear();
  unexpected.clear();
  started = 0;
  settled = 0;
  server.reset(); // the server keeps every request body; that is the testing kit's memory, not ours
  const heapStart = await measureHeap();

  const startedAt = Date.now();
  let timedOut = false;
  let deadline: NodeJS.Timeout | undefined;
  await Promise.race([
    runPool(0, CALLS),
    new Promise<void>((resolve) => {
      deadline = setTimeout(() => {
        timedOut = true;
        resolve();
      }, TIME_LIMIT_MS);
    }),
  ]);
  clearTimeout(deadline);
  const seconds = (Date.now() - startedAt) / 1000;
  server.reset();
  const heapEnd = timedOut ? Number.NaN : await measureHeap();

  const accounted = [...counts.values()].reduce((sum, count) => sum + count, 0);
  const delta = heapEnd - heapStart;
  const failures: string[] = [];
  if (timedOut) failures.push(`not done after ${TIME_LIMIT_MS / 60_000} minutes`);
  if (accounted !== CALLS || settled !== CALLS) {
    failures.push(
      `${CALLS - accounted} call(s) unaccounted for (${started - settled} still pending, ${CALLS - started} never started)`,
    );
  }
  if (unexpected.size > 0)
    failures.push(
      `${[...unexpected.values()].reduce((a, b) => a + b, 0)} call(s) ended otherwise than planned`,
    );
  if (counts.has('other'))
    failures.push(`${counts.get('other') ?? 0} call(s) rejected with an undocumented error`);
  if (!(delta <= HEAP_LIMIT_MB))
    failures.push(`heap grew by ${delta.toFixed(1)} MB after GC (limit ${HEAP_LIMIT_MB} MB)`);

  console.log(`soak: ${CALLS} calls, concurrency ${CONCURRENCY}, seed ${SEED}`);
  console.log(`  time ${seconds.toFixed(1)} s, ${(CALLS / seconds).toFixed(0)} calls/s`);
  console.log(
    `  outcomes: ${[...counts].map(([outcome, count]) => `${outcome} ${count}`).join(', ')}; accounted ${accounted}/${CALLS}`,
  );
  for (const [key, count] of unexpected) console.log(`  unexpected: ${key} ×${count}`);
  console.log(
    `  heap after GC: start ${heapStart.toFixed(1)} MB, end ${heapEnd.toFixed(1)} MB, delta ${delta >= 0 ? '+' : ''}${delta.toFixed(1)} MB (limit ${HEAP_LIMIT_MB} MB)`,
  );
  console.log(failures.length === 0 ? 'soak: PASS' : `soak: FAIL: ${failures.join('; ')}`);

  await Promise.all([server.stop(), faults.stop()]);
  process.exit(failures.length === 0 ? 0 : 1);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
