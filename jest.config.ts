import type { Config } from 'jest';

const config: Config = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test', '<rootDir>/examples'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': [
      'ts-jest',
      // 151002: ts-jest's notice about node16 module kinds; it type-checks them correctly.
      { tsconfig: '<rootDir>/tsconfig.json', diagnostics: { ignoreCodes: [151002] } },
    ],
  },
  // The package resolves itself by name in examples; point that at the sources under test.
  moduleNameMapper: {
    '^class-instructor$': '<rootDir>/src/index.ts',
    '^class-instructor/testing$': '<rootDir>/src/testing/index.ts',
  },
};

export default config;
