import 'reflect-metadata';
import * as fc from 'fast-check';
import { HOOK_WARNING_CODE } from '../../src';
import type { CallScenario } from './fuzz/call-scenario';
import { callScenario } from './fuzz/call-scenario.arbitraries';
import { observationViolations } from './fuzz/observation.rules';
import { PipelineHarness, type CallObservation } from './fuzz/pipeline.harness';

// Property-based: random reply scripts (completions odd at every level, error statuses, bodies
// that are not JSON, transport faults, aborts), modes and re-ask budgets, through FakeOpenAIServer
// and the real SDK. The oracle (fuzz/outcome.oracle.ts) says how each call must end.
//   FUZZ_RUNS=2000 npx jest test/integration/pipeline.fuzz.test.ts   a longer hunt
//   FUZZ_SEED=<seed> FUZZ_PATH=<path> (both from a failure report) ... replays that counterexample

const NUM_RUNS = Number(process.env.FUZZ_RUNS ?? 120);
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
const PATH = process.env.FUZZ_PATH;

type WarningArguments = Parameters<typeof process.emitWarning>;

describe('the extraction pipeline under random replies', () => {
  let harness: PipelineHarness;
  const unhandled: unknown[] = [];
  const hookWarnings: string[] = [];
  const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
  let emitWarning: jest.SpyInstance<void, WarningArguments>;
  let outerPrototype: object;
  let prototypeKeys: { inner: string[]; outer: string[] };

  beforeAll(async () => {
    harness = await PipelineHarness.start();
    process.on('unhandledRejection', onUnhandled);
    const original = process.emitWarning.bind(process) as (...args: WarningArguments) => void;
    emitWarning = jest
      .spyOn(process, 'emitWarning')
      .mockImplementation((...args: WarningArguments) => {
        const [warning, options] = args;
        const code = typeof options === 'object' && options !== null ? options.code : undefined;
        if (code === HOOK_WARNING_CODE) hookWarnings.push(String(warning));
        else original(...args);
      });
    // The SDK's bodies are parsed by fetch, in Node's realm, not in the test's (jest's vm context).
    outerPrototype = Object.getPrototypeOf(await new Response('{}').json()) as object;
    prototypeKeys = {
      inner: Object.getOwnPropertyNames(Object.prototype),
      outer: Object.getOwnPropertyNames(outerPrototype),
    };
  });

  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled);
    emitWarning.mockRestore();
    await harness.stop();
  });

  /** What a run breaks beyond the call itself: warnings, prototypes, unhandled rejections. */
  function processViolations(scenario: CallScenario, observation: CallObservation): string[] {
    const violations: string[] = [];
    const throwing = scenario.throwingHandlerOn;
    const expectedWarnings = throwing
      ? observation.events.filter((event) => event.source === 'client' && event.name === throwing)
          .length
      : 0;
    if (hookWarnings.length !== expectedWarnings) {
      violations.push(
        `${hookWarnings.length} hook warnings for ${expectedWarnings} throwing handler runs`,
      );
    }
    for (const [realm, prototype, keys] of [
      ['test', Object.prototype, prototypeKeys.inner],
      ['Node', outerPrototype, prototypeKeys.outer],
    ] as const) {
      if (Object.getOwnPropertyNames(prototype).join() !== keys.join() || 'polluted' in prototype) {
        violations.push(`the ${realm} realm's Object.prototype was changed`);
      }
    }
    if (unhandled.length > 0) {
      violations.push(
        `unhandled rejections: ${unhandled.map((reason) => String(reason)).join('; ')}`,
      );
    }
    return violations;
  }

  it(
    'ends every call in a valid User or the documented error, with the documented hooks and requests',
    async () => {
      await fc.assert(
        fc.asyncProperty(callScenario, async (scenario) => {
          hookWarnings.length = 0;
          unhandled.length = 0;
          const observation = await harness.run(scenario);
          await new Promise((resolve) => setImmediate(resolve)); // let a stray rejection surface
          const violations = [
            ...observationViolations(scenario, observation),
            ...processViolations(scenario, observation),
          ];
          expect(violations).toEqual([]);
        }),
        {
          numRuns: NUM_RUNS,
          ...(SEED === undefined ? {} : { seed: SEED }),
          ...(PATH === undefined ? {} : { path: PATH }),
        },
      );
    },
    Math.max(60_000, NUM_RUNS * 400),
  );
});
