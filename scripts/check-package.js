#!/usr/bin/env node
// Checks the package the way npm would publish it, after `npm run build`:
//   1. `npm pack` into a temporary folder, and a look at the tarball's file list;
//   2. publint on the tarball (strict: any warning fails);
//   3. Are the Types Wrong? on the tarball (node10, node16 from CJS and from ESM, bundler);
//   4. consumer smoke tests: a fresh CommonJS project (moduleResolution node10) and a fresh ESM
//      project (module nodenext) install the tarball, type-check and compile the README quickstart
//      a file importing `class-instructor/testing` and one booting a Nest app context with
//      `class-instructor/nestjs`, then run them; the quickstart talks to a FakeOpenAIServer that
//      this script starts from the freshly built dist/testing.
// Prints one line per step and a summary, exits non-zero on any failure with that step's output.
// `--keep` leaves the temporary folder in place for a look.
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { setTimeout, clearTimeout } = require('node:timers');

const root = path.resolve(__dirname, '..');
const keep = process.argv.includes('--keep');
const startedAt = Date.now();

const MINUTE = 60_000;
const TIMEOUT = {
  pack: MINUTE,
  lint: 2 * MINUTE,
  // Served from the npm cache that `npm ci` filled; the first run on a cold cache downloads.
  install: 4 * MINUTE,
  tsc: 2 * MINUTE,
  // The quickstart makes one request to a loopback server: it must end by itself, and quickly.
  run: MINUTE,
};

// The README's quickstart is the ```ts block right after this line; it must print the user.
const SNIPPET_MARKER = '<!-- snippet: quickstart -->';
const EXPECTED_OUTPUT = "User { name: 'Jason', age: 25 }";

// Proves that the subpath resolves for the compiler (node10 needs `typesVersions`) and at run time,
// and that local/ models, without their optional peer node-llama-cpp, say how to install it.
const TESTING_IMPORT = `import { ConfigurationError, fromProvider } from 'class-instructor';
import { FakeOpenAIServer, type ToolCallReply } from 'class-instructor/testing';

const reply: ToolCallReply = { toolCall: { name: 'User', arguments: { name: 'Jason', age: 25 } } };

async function main(): Promise<void> {
  const server = await FakeOpenAIServer.start();
  try {
    server.reply(reply);
    const completion = await server.client().chat.completions.create({
      model: 'gpt-4.1-mini',
      messages: [{ role: 'user', content: 'Extract: Jason is 25' }],
    });
    const calls = completion.choices[0]?.message.tool_calls ?? [];
    console.log(\`class-instructor/testing: \${calls.length} tool call, \${server.requests.length} request\`);
  } finally {
    await server.stop();
  }
  try {
    fromProvider('local/./model.gguf');
    console.log('local/: no error without node-llama-cpp');
  } catch (error) {
    const says = ConfigurationError.isInstance(error) && error.message.includes('npm install node-llama-cpp');
    console.log(says ? 'local/: install node-llama-cpp' : \`local/: \${String(error)}\`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
`;
const EXPECTED_TESTING_OUTPUT =
  'class-instructor/testing: 1 tool call, 1 request\nlocal/: install node-llama-cpp';

// Proves that `class-instructor/nestjs` resolves and type-checks (its declarations import Nest's
// types), loads Nest (ES modules from Nest 12 on, required from our CommonJS build), injects the
// client and runs a provider's @OnHook method discovered at startup.
const NESTJS_IMPORT = `import 'reflect-metadata';
import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Instructor, OnHook } from 'class-instructor';
import { InjectInstructor, InstructorModule } from 'class-instructor/nestjs';
import { FakeOpenAIServer } from 'class-instructor/testing';

@Injectable()
class Greeter {
  constructor(@InjectInstructor() readonly instructor: Instructor) {}
}

@Injectable()
class RequestCounter {
  count = 0;

  @OnHook('completion:kwargs')
  onRequest(): void {
    this.count++;
  }
}

async function main(): Promise<void> {
  const server = await FakeOpenAIServer.start();
  try {
    server.reply({ toolCall: { name: 'Response', arguments: { content: 'Hello' } } });
    @Module({
      imports: [InstructorModule.forRoot({ model: 'openai/gpt-4.1-mini', client: server.client() })],
      providers: [Greeter, RequestCounter],
    })
    class AppModule {}
    const app = await NestFactory.createApplicationContext(AppModule, { logger: false });
    const answer = await app.get(Greeter).instructor.create({
      messages: [{ role: 'user', content: 'Say hello' }],
      responseModel: String,
    });
    console.log(\`class-instructor/nestjs: \${answer}, \${app.get(RequestCounter).count} hook call\`);
    await app.close();
  } finally {
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
`;
const EXPECTED_NESTJS_OUTPUT = 'class-instructor/nestjs: Hello, 1 hook call';

const compilerOptions = {
  target: 'ES2022',
  strict: true,
  experimentalDecorators: true,
  emitDecoratorMetadata: true,
  types: ['node'],
  rootDir: 'src',
  outDir: 'dist',
};
const CONSUMERS = [
  {
    name: 'cjs',
    type: 'commonjs',
    compilerOptions: {
      ...compilerOptions,
      module: 'commonjs',
      moduleResolution: 'node10',
      // TypeScript 6 deprecates node10 resolution (an error unless acknowledged), yet projects
      // on it are exactly those that need `typesVersions`: keep testing it while TS allows it.
      ignoreDeprecations: '6.0',
    },
  },
  {
    name: 'esm',
    type: 'module',
    compilerOptions: { ...compilerOptions, module: 'nodenext' },
  },
];

// What the consumers install besides the tarball: the peers and the compiler, at the versions
// this repository is tested with (so the npm cache filled by `npm ci` serves them).
const CONSUMER_DEPENDENCIES = [
  'openai',
  'class-validator',
  'class-transformer',
  'reflect-metadata',
  '@types/node',
  'typescript',
  // class-instructor/nestjs's optional peers, and Nest's own.
  '@nestjs/common',
  '@nestjs/core',
  'rxjs',
];

// ---------------------------------------------------------------------------------------------
// Steps and reporting

const results = [];
const notes = [];
const running = new Set();
const CONSUMER_STEPS = [
  'npm install',
  'tsc -p .',
  'run quickstart',
  'run testing import',
  'run nestjs import',
];

function seconds(ms) {
  return `${(ms / 1000).toFixed(1)}s`;
}

function report(status, name, ms, detail, output) {
  results.push({ status, name, output });
  const time = ms === undefined ? '' : ` (${seconds(ms)})`;
  const more = detail ? ` — ${detail}` : '';
  process.stdout.write(`${status.padEnd(5)} ${name}${time}${more}\n`);
}

class StepFailure extends Error {
  constructor(message, output = '') {
    super(message);
    this.output = output;
  }
}

/** Runs `body`, reports one line; returns its value, or undefined when it failed. */
async function step(name, body) {
  const begin = Date.now();
  try {
    const { value, detail, note } = (await body()) ?? {};
    report('ok', name, Date.now() - begin, detail);
    if (note) notes.push({ name, note });
    return value ?? true;
  } catch (error) {
    const output = error instanceof StepFailure ? error.output : (error && error.stack) || '';
    report('FAIL', name, Date.now() - begin, error instanceof Error ? error.message : '', output);
    return undefined;
  }
}

function skip(name, why) {
  report('skip', name, undefined, why);
}

/**
 * Spawns a command without blocking this process (the fake server answers from here), with a
 * timeout that ends the command's whole process group. Resolves with its exit and output.
 */
function run(command, args, { cwd, env = process.env, timeoutMs }) {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd,
      env,
      detached: true, // its own process group, so a timeout also ends what it started
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.add(child);
    let stdout = '';
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      stdout += chunk;
      output += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk) => {
      output += chunk;
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child);
    }, timeoutMs);
    const finish = (code, signal, spawnError) => {
      clearTimeout(timer);
      running.delete(child);
      resolve({ code, signal, stdout, output, timedOut, spawnError });
    };
    child.once('error', (error) => finish(null, null, error));
    child.once('close', (code, signal) => finish(code, signal, undefined));
  });
}

function killGroup(child) {
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/** `run`, throwing a StepFailure (with the command's output) unless it exits 0 in time. */
async function runOk(command, args, options) {
  const result = await run(command, args, options);
  const shown = [command, ...args].map((part) => path.basename(part)).join(' ');
  if (result.spawnError) throw new StepFailure(`${shown}: ${result.spawnError.message}`);
  if (result.timedOut) {
    throw new StepFailure(`${shown}: timed out after ${seconds(options.timeoutMs)}`, result.output);
  }
  if (result.code !== 0) {
    throw new StepFailure(`${shown}: exit ${result.code ?? result.signal}`, result.output);
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Helpers

/** The environment for child npm and node processes: none of the parent `npm run`'s context. */
function childEnv(extra = {}) {
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    if (
      /^npm_(package|lifecycle)_/.test(key) ||
      ['npm_config_local_prefix', 'npm_config_call', 'npm_command', 'INIT_CWD'].includes(key) ||
      key.startsWith('OPENAI_') ||
      key === 'FORCE_COLOR'
    ) {
      delete env[key];
    }
  }
  return { ...env, ...extra };
}

function binOf(packageDir, name) {
  const manifest = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
  const bin = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin[name];
  return path.join(packageDir, bin);
}

function lockedVersions() {
  const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8'));
  return CONSUMER_DEPENDENCIES.map((name) => {
    const entry = lock.packages[`node_modules/${name}`];
    if (!entry) throw new Error(`${name} is not in package-lock.json`);
    return `${name}@${entry.version}`;
  });
}

/** The ```ts block that directly follows the quickstart marker in README.md. */
function readmeSnippet() {
  const lines = fs.readFileSync(path.join(root, 'README.md'), 'utf8').split(/\r?\n/);
  const marker = lines.findIndex((line) => line.trim() === SNIPPET_MARKER);
  if (marker === -1) throw new Error(`README.md: no ${SNIPPET_MARKER} line`);
  let start = marker + 1;
  while (start < lines.length && lines[start].trim() === '') start++;
  if (!/^```(ts|typescript)\s*$/.test(lines[start] ?? '')) {
    throw new Error(`README.md: no \`\`\`ts block directly after ${SNIPPET_MARKER}`);
  }
  const end = lines.findIndex((line, index) => index > start && /^```\s*$/.test(line));
  if (end === -1) throw new Error('README.md: the quickstart block is not closed');
  return `${lines.slice(start + 1, end).join('\n')}\n`;
}

/** Relative links of a markdown file (no URLs, no in-page anchors), without their #fragment. */
function relativeLinks(markdown) {
  const links = [...markdown.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1]);
  return links
    .filter((link) => !/^[a-z][a-z0-9+.-]*:/i.test(link) && !link.startsWith('#'))
    .map((link) => link.split('#')[0]);
}

function writeConsumer(dir, consumer, snippet) {
  fs.mkdirSync(path.join(dir, 'src'), { recursive: true });
  // As `npm init -y` writes it, plus the module type.
  const manifest = {
    name: `class-instructor-consumer-${consumer.name}`,
    version: '1.0.0',
    description: '',
    main: 'dist/index.js',
    type: consumer.type,
    scripts: { test: 'echo "Error: no test specified" && exit 1' },
    keywords: [],
    author: '',
    license: 'ISC',
    private: true,
  };
  const tsconfig = { compilerOptions: consumer.compilerOptions, include: ['src'] };
  fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), `${JSON.stringify(tsconfig, null, 2)}\n`);
  fs.writeFileSync(path.join(dir, 'src', 'index.ts'), snippet);
  fs.writeFileSync(path.join(dir, 'src', 'testing.ts'), TESTING_IMPORT);
  fs.writeFileSync(path.join(dir, 'src', 'nestjs.ts'), NESTJS_IMPORT);
}

// ---------------------------------------------------------------------------------------------
// The checks

async function checkTarball(tmp) {
  const packed = await step('npm pack', async () => {
    for (const entry of [
      'dist/index.js',
      'dist/index.d.ts',
      'dist/testing/index.js',
      'dist/nestjs/index.js',
    ]) {
      if (!fs.existsSync(path.join(root, entry))) {
        throw new Error(`${entry} is missing: run \`npm run build\` first`);
      }
    }
    // The build just ran (npm test builds first): `prepare` would only build a second time.
    const { stdout } = await runOk(
      'npm',
      ['pack', '--ignore-scripts', '--json', '--pack-destination', tmp],
      { cwd: root, env: childEnv(), timeoutMs: TIMEOUT.pack },
    );
    const [info] = JSON.parse(stdout);
    const files = new Set(info.files.map((file) => file.path));
    const problems = [];
    for (const required of [
      'LICENSE',
      'README.md',
      'CHANGELOG.md',
      'dist/testing/index.d.ts',
      'dist/nestjs/index.d.ts',
    ]) {
      if (!files.has(required)) problems.push(`${required} is not in the tarball`);
    }
    for (const file of files) {
      if (file.endsWith('.map')) problems.push(`${file}: no maps are shipped (src/ is not)`);
      if (/^(src|test|bench|scripts)\//.test(file)) problems.push(`${file} is shipped`);
    }
    // Relative links of every shipped markdown page (README, docs/, examples/) must work inside
    // the tarball too: that is where npm users read them.
    for (const page of [...files].filter((file) => file.endsWith('.md'))) {
      const markdown = fs.readFileSync(path.join(root, page), 'utf8');
      for (const link of relativeLinks(markdown)) {
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(page), link));
        const bare = target.replace(/\/$/, '');
        const shipped = files.has(bare) || [...files].some((file) => file.startsWith(`${bare}/`));
        if (!shipped) problems.push(`${page} links to ${link}, which is not in the tarball`);
      }
    }
    if (problems.length > 0) {
      throw new StepFailure(`${problems.length} problem(s) in the tarball`, problems.join('\n'));
    }
    const detail = `${info.filename}, ${files.size} files, ${(info.size / 1024).toFixed(1)} KiB`;
    return { value: path.join(tmp, info.filename), detail };
  });
  if (!packed) {
    for (const name of ['publint', 'attw']) skip(name, 'no tarball');
    return undefined;
  }

  await step('publint --strict', async () => {
    const publint = binOf(path.join(root, 'node_modules', 'publint'), 'publint');
    const { output } = await runOk(process.execPath, [publint, 'run', packed, '--strict'], {
      cwd: root,
      env: childEnv(),
      timeoutMs: TIMEOUT.lint,
    });
    // Suggestions do not fail the step, but are worth a look.
    if (!/suggestion/i.test(output)) return { detail: 'no errors, warnings or suggestions' };
    return { detail: 'suggestions printed below', note: output };
  });

  await step('attw (node10, node16-cjs, node16-esm, bundler)', async () => {
    const attw = binOf(path.join(root, 'node_modules', '@arethetypeswrong', 'cli'), 'attw');
    // The `strict` profile checks all four resolution modes; no rule is ignored. The package
    // ships its own types, so the DefinitelyTyped lookup (a registry request) is skipped.
    const args = [attw, packed, '--profile', 'strict', '--no-definitely-typed', '--format', 'json'];
    const result = await run(process.execPath, args, {
      cwd: root,
      env: childEnv(),
      timeoutMs: TIMEOUT.lint,
    });
    if (result.timedOut || result.spawnError || result.code !== 0) {
      // Rerun for a readable table of what is wrong.
      const ascii = [...args.slice(0, -2), '--format', 'ascii', '--no-emoji', '--no-color'];
      const table = await run(process.execPath, ascii, {
        cwd: root,
        env: childEnv({ NO_COLOR: '1' }),
        timeoutMs: TIMEOUT.lint,
      });
      throw new StepFailure(`attw: exit ${result.code ?? result.signal}`, table.output);
    }
    const { analysis } = JSON.parse(result.stdout);
    const entrypoints = Object.keys(analysis.entrypoints);
    const kinds = ['node10', 'node16-cjs', 'node16-esm', 'bundler'];
    const unresolved = entrypoints.flatMap((entry) =>
      kinds
        .filter((kind) => !analysis.entrypoints[entry].resolutions[kind]?.resolution?.fileName)
        .map((kind) => `${entry} does not resolve under ${kind}`),
    );
    if (unresolved.length > 0 || analysis.problems.length > 0) {
      const problems = analysis.problems.map((problem) => JSON.stringify(problem));
      throw new StepFailure('attw reported problems', [...unresolved, ...problems].join('\n'));
    }
    return { detail: `${entrypoints.join(', ')}: no problems` };
  });
  return packed;
}

async function checkConsumer(tmp, consumer, tarball, snippet, dependencies) {
  const dir = path.join(tmp, `consumer-${consumer.name}`);
  const label = (name) => `[${consumer.name}] ${name}`;
  const skipRest = (from, why) =>
    CONSUMER_STEPS.slice(from).forEach((name) => skip(label(name), why));
  writeConsumer(dir, consumer, snippet);

  const installed = await step(label('npm install'), async () => {
    const args = ['install', '--prefer-offline', '--no-audit', '--no-fund', '--no-progress'];
    await runOk('npm', [...args, '--loglevel=error', tarball, ...dependencies], {
      cwd: dir,
      env: childEnv(),
      timeoutMs: TIMEOUT.install,
    });
    const installedManifest = path.join(dir, 'node_modules', 'class-instructor', 'package.json');
    const { version } = JSON.parse(fs.readFileSync(installedManifest, 'utf8'));
    return { detail: `class-instructor@${version}, ${dependencies.join(' ')}` };
  });
  if (!installed) return skipRest(1, 'not installed');

  const compiled = await step(label('tsc -p .'), async () => {
    const tsc = binOf(path.join(dir, 'node_modules', 'typescript'), 'tsc');
    await runOk(process.execPath, [tsc, '-p', '.'], {
      cwd: dir,
      env: childEnv(),
      timeoutMs: TIMEOUT.tsc,
    });
    const { module, moduleResolution } = consumer.compilerOptions;
    return { detail: `module ${module}${moduleResolution ? `, ${moduleResolution}` : ''}` };
  });
  if (!compiled) return skipRest(2, 'not compiled');

  await step(label('run quickstart'), async () => {
    const { FakeOpenAIServer } = require('../dist/testing');
    const server = await FakeOpenAIServer.start();
    try {
      server.reply({ toolCall: { name: 'User', arguments: { name: 'Jason', age: 25 } } });
      const env = childEnv({ OPENAI_API_KEY: 'sk-smoke-test', OPENAI_BASE_URL: server.url });
      const { stdout, output } = await runOk(process.execPath, ['dist/index.js'], {
        cwd: dir,
        env,
        timeoutMs: TIMEOUT.run,
      });
      if (!stdout.includes(EXPECTED_OUTPUT)) {
        throw new StepFailure(`stdout does not contain ${EXPECTED_OUTPUT}`, output);
      }
      if (server.requests.length === 0) {
        throw new StepFailure('the program never called the FakeOpenAIServer', output);
      }
      return { detail: `printed ${EXPECTED_OUTPUT}, ${server.requests.length} request(s)` };
    } finally {
      await server.stop();
    }
  });

  await step(label('run testing import'), async () => {
    const { stdout, output } = await runOk(process.execPath, ['dist/testing.js'], {
      cwd: dir,
      env: childEnv(),
      timeoutMs: TIMEOUT.run,
    });
    if (!stdout.includes(EXPECTED_TESTING_OUTPUT)) {
      throw new StepFailure(`stdout does not contain ${EXPECTED_TESTING_OUTPUT}`, output);
    }
    return undefined;
  });

  await step(label('run nestjs import'), async () => {
    const { stdout, output } = await runOk(process.execPath, ['dist/nestjs.js'], {
      cwd: dir,
      env: childEnv(),
      timeoutMs: TIMEOUT.run,
    });
    if (!stdout.includes(EXPECTED_NESTJS_OUTPUT)) {
      throw new StepFailure(`stdout does not contain ${EXPECTED_NESTJS_OUTPUT}`, output);
    }
    return undefined;
  });
  return undefined;
}

async function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'class-instructor-package-'));
  const cleanUp = () => {
    if (!keep) fs.rmSync(tmp, { recursive: true, force: true });
  };
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      running.forEach(killGroup);
      cleanUp();
      process.exit(1);
    });
  }
  try {
    const tarball = await checkTarball(tmp);

    let snippet;
    const found = await step('README quickstart snippet', () => {
      snippet = readmeSnippet();
      return { detail: `${snippet.split('\n').length - 1} lines after ${SNIPPET_MARKER}` };
    });
    let dependencies;
    const locked = await step('peer versions from package-lock.json', () => {
      dependencies = lockedVersions();
      return undefined;
    });

    for (const consumer of CONSUMERS) {
      if (!tarball || !found || !locked) {
        const why = !tarball ? 'no tarball' : !found ? 'no snippet' : 'no versions';
        CONSUMER_STEPS.forEach((name) => skip(`[${consumer.name}] ${name}`, why));
        continue;
      }
      // One after the other: on 2 cores, tsc in parallel gains little and garbles nothing.
      await checkConsumer(tmp, consumer, tarball, snippet, dependencies);
    }
  } finally {
    cleanUp();
  }

  const failed = results.filter((result) => result.status === 'FAIL');
  const skipped = results.filter((result) => result.status === 'skip');
  for (const { name, note } of notes) {
    process.stdout.write(`\n=== ${name}\n${note.trimEnd()}\n`);
  }
  for (const failure of failed) {
    process.stdout.write(`\n=== FAILED: ${failure.name}\n${failure.output.trimEnd()}\n`);
  }
  if (keep) process.stdout.write(`\nkept ${tmp}\n`);
  const passed = results.length - failed.length - skipped.length;
  const skippedText = skipped.length > 0 ? `, ${skipped.length} skipped` : '';
  process.stdout.write(`\nin ${seconds(Date.now() - startedAt)}\n`);
  process.stdout.write(`check-package: ${passed} passed, ${failed.length} failed${skippedText}\n`);
  process.exitCode = failed.length > 0 || skipped.length > 0 ? 1 : 0;
}

main().catch((error) => {
  process.stderr.write(`${(error && error.stack) || String(error)}\n`);
  process.exit(1);
});
