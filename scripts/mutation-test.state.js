// `npm run mutate` only (stryker.config.json): what the jest plugins of the mutation run share,
// kept in files of Stryker's sandbox (a copy of the repository, deleted after the run). Stryker
// runs jest in worker processes whose working directory is the sandbox; it loads the test
// environment from the repository itself, so `__dirname` would not point there.
'use strict';
const { appendFileSync, existsSync, readFileSync, writeFileSync } = require('node:fs');
const path = require('node:path');

const namesFile = () => path.resolve('.stryker-test-names.jsonl');

/** The mutant under test: Stryker sets this variable in mutant runs, never in its initial run. */
function activeMutant() {
  return process.env.__STRYKER_ACTIVE_MUTANT__;
}

/**
 * Appends one test file's tests: `[fullName, milliseconds]` each, the full name being what jest
 * matches `testNamePattern` against (describe blocks and test name).
 */
function recordTests(testPath, tests) {
  appendFileSync(namesFile(), `${JSON.stringify({ testPath, tests })}\n`);
}

/** The tests of each test file path, as recorded in the initial run. */
function readTests() {
  const byPath = new Map();
  if (!existsSync(namesFile())) return byPath;
  for (const line of readFileSync(namesFile(), 'utf8').split('\n')) {
    if (line === '') continue;
    const { testPath, tests } = JSON.parse(line);
    byPath.set(testPath, [...(byPath.get(testPath) ?? []), ...tests]);
  }
  return byPath;
}

// Per worker process: a mutant retried in a fresh worker (after a crash) starts over.
function killedMarker() {
  return path.resolve(`.stryker-killed-${activeMutant()}-${process.pid}`);
}

/** Notes that a test failed in this mutant run: the mutant is killed. */
function markKilled() {
  writeFileSync(killedMarker(), '');
}

/** True in a mutant run once one of its tests failed. */
function isKilled() {
  return activeMutant() !== undefined && existsSync(killedMarker());
}

module.exports = { activeMutant, recordTests, readTests, markKilled, isKilled };
