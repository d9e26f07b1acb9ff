// `npm run mutate` only (the testEnvironment of stryker.config.json's jest config): jest's node
// environment, plus two things Stryker's jest runner does not do.
// - In Stryker's initial test run it records the full name and duration of every test of its
//   file, so that mutant runs load only the files holding the tests that cover the mutant, the
//   quickest first (mutation-test.sequencer.js).
// - In a mutant run it skips the remaining tests once one has failed (the mutant is killed, the
//   rest would only cost time; see also mutation-test.transformer.js). Jest's own `bail` exits
//   the process, so Stryker's runner turns it off.
'use strict';
const { TestEnvironment } = require('jest-environment-node');
const { activeMutant, isKilled, markKilled, recordTests } = require('./mutation-test.state');

/** The name jest matches `testNamePattern` against: describe blocks, then the test, by spaces. */
function fullName(test) {
  const names = [];
  for (let block = test; block !== undefined && block.parent !== undefined; block = block.parent) {
    names.unshift(block.name);
  }
  return names.join(' ');
}

class MutationTestEnvironment extends TestEnvironment {
  #testPath;
  #tests = [];

  constructor(config, context) {
    super(config, context);
    this.#testPath = context.testPath;
  }

  async teardown() {
    if (activeMutant() === undefined) recordTests(this.#testPath, this.#tests);
    await super.teardown();
  }

  handleTestEvent(event) {
    if (activeMutant() === undefined) {
      if (event.name === 'test_done')
        this.#tests.push([fullName(event.test), event.test.duration ?? 0]);
      return;
    }
    if (event.name === 'test_start' && isKilled()) event.test.mode = 'skip';
    const failed =
      event.name === 'test_fn_failure' ||
      event.name === 'hook_failure' ||
      (event.name === 'test_done' && event.test.errors.length > 0);
    if (failed) markKilled();
  }
}

module.exports = MutationTestEnvironment;
