#!/usr/bin/env node
// Runs every example program the way a user would: with ts-node, against the compiled package.
// Exits non-zero when any example does.
'use strict';
const { spawnSync } = require('node:child_process');
const { readdirSync, statSync } = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const examplesDir = path.join(root, 'examples');

// A folder with a main.ts is one app (its other files are modules): run main.ts only.
// Otherwise every .ts file is a program of its own. Tests run under jest instead.
function collect(dir) {
  const names = readdirSync(dir).sort();
  if (dir !== examplesDir && names.includes('main.ts')) return [path.join(dir, 'main.ts')];
  return names.flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return collect(full);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [full] : [];
  });
}

const env = { ...process.env };
// Examples must not reach a real provider from CI or a developer's test run.
delete env.OPENAI_API_KEY;
const files = collect(examplesDir);
if (files.length === 0) {
  process.stdout.write('no examples found\n');
  process.exit(1);
}
let failed = 0;
for (const file of files) {
  const relative = path.relative(root, file);
  process.stdout.write(`\n=== ${relative}\n`);
  const result = spawnSync(
    process.execPath,
    ['--unhandled-rejections=strict', '-r', 'ts-node/register/transpile-only', file],
    // An example that never exits (a server left listening) must fail, not stall CI.
    { cwd: root, env, stdio: 'inherit', timeout: 120_000 },
  );
  if (result.status !== 0) {
    failed++;
    const why = result.error ? result.error.message : `exit ${result.status ?? result.signal}`;
    process.stdout.write(`FAILED: ${relative} (${why})\n`);
  }
}
if (failed > 0) {
  process.stdout.write(`\n${failed} example(s) failed\n`);
  process.exit(1);
}
process.stdout.write(`\nall ${files.length} examples ran\n`);
