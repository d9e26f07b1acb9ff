import * as path from 'node:path';
import * as ts from 'typescript';

const root = path.resolve(__dirname, '../..');

/** The `.d.ts` files `npm run build` publishes, by path under `dist/`, built in memory. */
function publishedDeclarations(): Map<string, string> {
  const configPath = path.join(root, 'tsconfig.build.json');
  const { config } = ts.readConfigFile(configPath, (file) => ts.sys.readFile(file));
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, root, undefined, configPath);
  const program = ts.createProgram(parsed.fileNames, {
    ...parsed.options,
    noEmit: false,
    emitDeclarationOnly: true,
    declarationMap: false,
    sourceMap: false,
  });
  const declarations = new Map<string, string>();
  program.emit(undefined, (fileName, text) => {
    declarations.set(path.relative(path.join(root, 'dist'), fileName), text);
  });
  return declarations;
}

describe('the published declarations', () => {
  it('never import tsyringe, so TypeScript users without it can import class-instructor', () => {
    const declarations = publishedDeclarations();
    const importingTsyringe = [...declarations]
      .filter(([, text]) => /from ['"]tsyringe['"]|import\(['"]tsyringe['"]\)/.test(text))
      .map(([file]) => file);

    expect(declarations.has('index.d.ts')).toBe(true);
    expect(declarations.has(path.join('di', 'register-instructor.d.ts'))).toBe(true);
    expect(importingTsyringe).toEqual([]);
  }, 60_000);
});
