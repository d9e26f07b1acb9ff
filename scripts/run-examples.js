#!/usr/bin/env node
// Runs every example program (examples/**/*.ts except tests) the way a user would: with ts-node,
// against the compiled package. Fails on the first example that exits non-zero.
'use strict';
const { spawnSync } = require('node:child_process');
const { readdirSync, statSync } = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const examplesDir = path.join(root, 'examples');

function collect(dir) {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) return collect(full);
      return name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.startsWith('_')
        ? [full]
        : [];
    });
}

const env = { ...process.env };
// Examples must not reach a real provider from CI or a developer's test run.
delete env.OPENAI_API_KEY;
let failed = 0;
for (const file of collect(examplesDir)) {
  const relative = path.relative(root, file);
  process.stdout.write(`\n=== ${relative}\n`);
  const result = spawnSync(
    process.execPath,
    ['--unhandled-rejections=strict', '-r', 'ts-node/register/transpile-only', file],
    { cwd: root, env, stdio: 'inherit' },
  );
  if (result.status !== 0) {
    failed++;
    process.stdout.write(`FAILED: ${relative} (exit ${result.status})\n`);
  }
}
if (failed > 0) {
  process.stdout.write(`\n${failed} example(s) failed\n`);
  process.exit(1);
}
process.stdout.write('\nall examples ran\n');
