import type { Config } from 'jest';

// Packages that ship ES modules only (Nest 12 and what it imports): jest's module loader cannot
// require() ES modules before Node 24.9, so they are compiled to CommonJS as they load.
const ESM_PACKAGES =
  '(?:@nestjs|file-type|strtok3|token-types|uint8array-extras|@borewit|@tokenizer|@standard-schema)';

const config: Config = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test', '<rootDir>/examples'],
  testMatch: ['**/*.test.ts'],
  transform: {
    [`/node_modules/${ESM_PACKAGES}/.+\\.js$`]: '<rootDir>/scripts/jest-esm.transformer.js',
    '^.+\\.ts$': [
      'ts-jest',
      // 151002: ts-jest's notice about node16 module kinds; it type-checks them correctly.
      { tsconfig: '<rootDir>/tsconfig.json', diagnostics: { ignoreCodes: [151002] } },
    ],
  },
  transformIgnorePatterns: [`/node_modules/(?!${ESM_PACKAGES}/)`],
  // The package resolves itself by name in examples; point that at the sources under test.
  moduleNameMapper: {
    '^class-instructor$': '<rootDir>/src/index.ts',
    '^class-instructor/testing$': '<rootDir>/src/testing/index.ts',
    '^class-instructor/nestjs$': '<rootDir>/src/nestjs/index.ts',
  },
};

export default config;
