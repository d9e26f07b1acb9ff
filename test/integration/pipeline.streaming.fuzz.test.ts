import 'reflect-metadata';
import * as fc from 'fast-check';
import { fuzzOptions } from './fuzz/fuzz-options';
import { ProcessWatch } from './fuzz/process.watch';
import { streamScenario } from './fuzz/stream.arbitraries';
import { StreamHarness } from './fuzz/stream.harness';
import { streamObservationViolations } from './fuzz/stream.rules';

// Property-based, streaming: createPartial and createIterable (every mode, PARALLEL_TOOLS too)
// over SSE the fuzz cuts itself (pieces of 1-40 code units that end inside escapes, numbers,
// keys and surrogate pairs, extra empty chunks, role and usage chunks or not), broken streams (a
// connection dropped anywhere, malformed events, no finish reason, `length`, refusals, HTTP
// errors before the first chunk, bad JSON, invalid list elements), consumers that `break` or
// abort after k values, handlers that abort, token budgets. The oracle (fuzz/stream.oracle.ts)
// gives the exact trace of hooks and values each call may have.
// Deviations found and reported are tolerated (fuzz/known-deviations.ts) unless FUZZ_STRICT=1.
//   FUZZ_RUNS=2000 npx jest test/integration/pipeline.streaming.fuzz.test.ts   a longer hunt
//   FUZZ_SEED=<seed> FUZZ_PATH=<path> (both from a failure report) ... replays that counterexample
//   FUZZ_STRICT=1 ...                      the known deviations fail the run again
//   FUZZ_SLOW=<ms> ...                     prints each scenario that ran longer than that

const options = fuzzOptions(150);

describe('streaming calls under random chunkings and broken streams', () => {
  let harness: StreamHarness;
  const watch = new ProcessWatch();

  beforeAll(async () => {
    harness = await StreamHarness.start();
    await watch.start();
  });

  afterAll(async () => {
    watch.stop();
    await harness.stop();
  });

  it(
    'yields exactly the documented values, ends as documented, fires the documented hooks',
    async () => {
      await fc.assert(
        fc.asyncProperty(streamScenario, async (scenario) => {
          watch.reset();
          const started = Date.now();
          const observation = await harness.run(scenario);
          if (process.env.FUZZ_SLOW && Date.now() - started > Number(process.env.FUZZ_SLOW)) {
            process.stderr.write(
              `slow run (${Date.now() - started} ms, ${observation.settled}): ${fc.stringify(scenario)}\n`,
            );
          }
          await new Promise((resolve) => setImmediate(resolve)); // let a stray rejection surface
          const throwing = scenario.throwingHandlerOn;
          const warnings = throwing
            ? [...observation.events, ...observation.late].filter(
                (event) => event.source === 'client' && event.name === throwing,
              ).length
            : 0;
          const violations = [
            ...streamObservationViolations(scenario, observation),
            ...watch.violations(warnings),
          ];
          expect(violations).toEqual([]);
        }),
        options,
      );
    },
    Math.max(60_000, options.numRuns * 400),
  );
});
