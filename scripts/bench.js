#!/usr/bin/env node
// Runs every benchmark in its own process (so heap figures are its own), passing on the
// arguments (`-- --quick` for the CI smoke run). Exits non-zero when any of them does.
'use strict';
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const benches = [
  'bench/create-overhead.bench.ts',
  'bench/schema.bench.ts',
  'bench/validation.bench.ts',
  'bench/streaming.bench.ts',
  'bench/local-model.bench.ts',
];
let failed = 0;
for (const bench of benches) {
  process.stdout.write(`\n=== ${bench}\n`);
  const result = spawnSync(
    process.execPath,
    ['--expose-gc', '-r', 'ts-node/register/transpile-only', bench, ...process.argv.slice(2)],
    { cwd: root, stdio: 'inherit', timeout: 30 * 60_000 },
  );
  if (result.status !== 0) failed++;
}
process.exitCode = failed > 0 ? 1 : 0;
