import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import * as ts from 'typescript';

const root = path.resolve(__dirname, '../..');

describe('the main entry without Nest', () => {
  it('loads no @nestjs module when class-instructor is required', () => {
    // A real Node process: jest's module registry is not Node's require.cache.
    const script =
      "require('reflect-metadata'); require('./src');" +
      'const nest = Object.keys(require.cache).filter((file) => file.includes("@nestjs"));' +
      'const self = Object.keys(require.cache).filter((file) => file.includes("src/nestjs"));' +
      'console.log(JSON.stringify({ nest, self }));';
    const result = spawnSync(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', '-e', script],
      { cwd: root, encoding: 'utf8', timeout: 60_000 },
    );

    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({ nest: [], self: [] });
  }, 60_000);

  it('publishes declarations for class-instructor that never import @nestjs', () => {
    // Only what src/index.ts reaches: the main entry's own declarations.
    const configPath = path.join(root, 'tsconfig.build.json');
    const { config } = ts.readConfigFile(configPath, (file) => ts.sys.readFile(file));
    const parsed = ts.parseJsonConfigFileContent(config, ts.sys, root, undefined, configPath);
    const program = ts.createProgram([path.join(root, 'src', 'index.ts')], {
      ...parsed.options,
      noEmit: false,
      emitDeclarationOnly: true,
    });
    const importingNest: string[] = [];
    const emitted: string[] = [];
    program.emit(undefined, (fileName, text) => {
      emitted.push(fileName);
      if (/['"]@nestjs\//.test(text)) importingNest.push(path.relative(root, fileName));
    });

    expect(emitted.some((file) => file.endsWith(path.join('dist', 'index.d.ts')))).toBe(true);
    expect(emitted.some((file) => file.includes(`${path.sep}nestjs${path.sep}`))).toBe(false);
    expect(importingNest).toEqual([]);
  }, 60_000);
});
