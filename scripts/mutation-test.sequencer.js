// `npm run mutate` only (the testSequencer of stryker.config.json's jest config). Stryker runs a
// mutant with jest's testNamePattern set to the tests that cover it, but jest still loads every
// test file to find them, and loading one costs about half a second (class-validator, the SDK):
// most of a mutant's time. This sequencer drops the files that hold none of those tests, by the
// tests recorded in Stryker's initial run (a file with no record is kept), and orders the rest
// for an early kill: a file that failed in the previous run first (mutants next to each other
// tend to be killed by the same tests), then the quickest. Jest's own order, slowest first, only
// pays off with parallel workers; Stryker runs jest in band.
'use strict';
const Sequencer = require('@jest/test-sequencer').default;
const { readTests } = require('./mutation-test.state');

class MutationTestSequencer extends Sequencer {
  constructor(options) {
    super(options);
    this.testNamePattern = options.globalConfig.testNamePattern;
  }

  sort(tests) {
    if (!this.testNamePattern) return super.sort(tests);
    // Jest matches the pattern the same way: case-insensitive, against the full test name.
    const pattern = new RegExp(this.testNamePattern, 'i');
    const recorded = readTests();
    const cost = new Map();
    for (const test of tests) {
      const own = recorded.get(test.path);
      if (own === undefined) {
        cost.set(test, Infinity);
        continue;
      }
      const covering = own.filter(([name]) => pattern.test(name));
      if (covering.length > 0)
        cost.set(
          test,
          covering.reduce((sum, [, ms]) => sum + ms, 0),
        );
    }
    return [...cost.keys()].sort(
      (a, b) => Number(this.hasFailed(b)) - Number(this.hasFailed(a)) || cost.get(a) - cost.get(b),
    );
  }
}

module.exports = MutationTestSequencer;
