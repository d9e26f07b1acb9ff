// `npm run mutate` only (the transform of stryker.config.json's jest config): ts-jest, with each
// test file wrapped so that, in a mutant run whose mutant a test already killed, it declares one
// skipped test instead of loading. Jest loads every file it was given even when all their tests
// are skipped, and loading one (its imports: the sources, class-validator, the SDK) costs about
// half a second. The check runs when the file loads, not when it is transformed: jest keeps
// transformed files in memory from one run to the next.
'use strict';
const tsJest = require('ts-jest').default;

const TEST_FILE = /\.test\.ts$/;
const STATE = JSON.stringify(require.resolve('./mutation-test.state'));

// One line, so that line numbers in stack traces and test locations stay those of the source.
const PREFIX =
  `if (jest.requireActual(${STATE}).isKilled()) ` +
  "test.skip('(not loaded: the mutant is already killed)', () => undefined); " +
  'else (function () {';
const SUFFIX = '\n}).call(this);\n';

module.exports = {
  createTransformer(options) {
    const transformer = tsJest.createTransformer(options);
    return {
      canInstrument: false,
      getCacheKey(source, path, transformOptions) {
        const key = transformer.getCacheKey(source, path, transformOptions);
        return TEST_FILE.test(path) ? `${key}:mutation-test` : key;
      },
      process(source, path, transformOptions) {
        const result = transformer.process(source, path, transformOptions);
        if (!TEST_FILE.test(path)) return result;
        const code = typeof result === 'string' ? result : result.code;
        return { code: `${PREFIX}${code}${SUFFIX}` };
      },
    };
  },
};
