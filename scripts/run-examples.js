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
// Examples must not reach a real provider from CI or a developer's test run: the quickstart's
// local/default is the vendored tiny model, so it runs a real model end to end.
delete env.OPENAI_API_KEY;
env.CLASS_INSTRUCTOR_LOCAL_MODEL = path.join(
  root,
  'test',
  'fixtures',
  'local-model',
  'stories260K.gguf',
);
// What an example must (and must not) print to count as run: the quickstart must have asked the
// real local model and seen its re-asks, not fallen back to its stand-in (which exits 0 too).
const EXPECTED_OUTPUT = {
  [path.join('examples', 'quickstart.ts')]: {
    print: ['asking the embedded local model', 'Attempt 1 did not validate'],
    never: ['cannot run here'],
  },
  // The Nest app must have booted, served both requests over HTTP and closed.
  [path.join('examples', 'nestjs', 'main.ts')]: {
    print: ['POST /contacts -> 201', 'POST /contacts -> 422', 'metrics: { requests: 4'],
    never: [],
  },
};
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
    { cwd: root, env, stdio: ['inherit', 'pipe', 'inherit'], timeout: 120_000 },
  );
  const output = result.stdout ? result.stdout.toString('utf8') : '';
  process.stdout.write(output);
  const expected = EXPECTED_OUTPUT[relative] ?? { print: [], never: [] };
  const unmet =
    expected.print.find((line) => !output.includes(line)) ??
    expected.never.find((line) => output.includes(line));
  if (result.status !== 0 || unmet !== undefined) {
    failed++;
    const why = result.error
      ? result.error.message
      : result.status !== 0
        ? `exit ${result.status ?? result.signal}`
        : expected.print.includes(unmet)
          ? `it never printed ${JSON.stringify(unmet)}`
          : `it printed ${JSON.stringify(unmet)}`;
    process.stdout.write(`FAILED: ${relative} (${why})\n`);
  }
}
if (failed > 0) {
  process.stdout.write(`\n${failed} example(s) failed\n`);
  process.exit(1);
}
process.stdout.write(`\nall ${files.length} examples ran\n`);
