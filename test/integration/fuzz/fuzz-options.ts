import type * as fc from 'fast-check';

/**
 * fast-check's run options from the environment: FUZZ_RUNS (default `defaultRuns`), and
 * FUZZ_SEED with FUZZ_PATH (both from a failure report) to replay one counterexample.
 */
export function fuzzOptions(defaultRuns: number): fc.Parameters<unknown> & { numRuns: number } {
  const seed = process.env.FUZZ_SEED;
  const path = process.env.FUZZ_PATH;
  return {
    numRuns: Number(process.env.FUZZ_RUNS ?? defaultRuns),
    ...(seed === undefined ? {} : { seed: Number(seed) }),
    ...(path === undefined ? {} : { path }),
  };
}
