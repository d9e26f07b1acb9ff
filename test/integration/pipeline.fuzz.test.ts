import 'reflect-metadata';
import * as fc from 'fast-check';
import { callScenario } from './fuzz/call-scenario.arbitraries';
import { fuzzOptions } from './fuzz/fuzz-options';
import { observationViolations } from './fuzz/observation.rules';
import { PipelineHarness } from './fuzz/pipeline.harness';
import { ProcessWatch } from './fuzz/process.watch';

// Property-based: random reply scripts (completions odd at every level, error statuses, bodies
// that are not JSON, transport faults, aborts, SSE nobody asked for), modes and re-ask budgets,
// through FakeOpenAIServer and the real SDK. The oracle (fuzz/outcome.oracle.ts) says how each
// call must end. Streaming calls: pipeline.streaming.fuzz.test.ts.
//   FUZZ_RUNS=2000 npx jest test/integration/pipeline.fuzz.test.ts   a longer hunt
//   FUZZ_SEED=<seed> FUZZ_PATH=<path> (both from a failure report) ... replays that counterexample

const options = fuzzOptions(120);

describe('the extraction pipeline under random replies', () => {
  let harness: PipelineHarness;
  const watch = new ProcessWatch();

  beforeAll(async () => {
    harness = await PipelineHarness.start();
    await watch.start();
  });

  afterAll(async () => {
    watch.stop();
    await harness.stop();
  });

  it(
    'ends every call in a valid User or the documented error, with the documented hooks and requests',
    async () => {
      await fc.assert(
        fc.asyncProperty(callScenario, async (scenario) => {
          watch.reset();
          const observation = await harness.run(scenario);
          await new Promise((resolve) => setImmediate(resolve)); // let a stray rejection surface
          const throwing = scenario.throwingHandlerOn;
          const warnings = throwing
            ? observation.events.filter(
                (event) => event.source === 'client' && event.name === throwing,
              ).length
            : 0;
          const violations = [
            ...observationViolations(scenario, observation),
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
