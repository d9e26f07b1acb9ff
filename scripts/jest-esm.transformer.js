// Jest transform for the ES-module-only packages of Nest 12 (and their ES-module dependencies):
// jest's module loader cannot require() an ES module before Node 24.9, and class-instructor's
// CommonJS code and tests require() Nest as Node >= 20.19 does. TypeScript compiles each file to
// CommonJS; `import.meta.url` (used by Nest's optional-package loader) becomes the file's URL.
'use strict';
const crypto = require('node:crypto');
const ts = require('typescript');

const VERSION = '1';

module.exports = {
  getCacheKey(source, filename) {
    return crypto
      .createHash('sha256')
      .update(`${VERSION}\0${ts.version}\0${filename}\0${source}`)
      .digest('hex');
  },
  process(source, filename) {
    const withoutImportMeta = source.replace(
      /\bimport\.meta\.url\b/g,
      "require('node:url').pathToFileURL(__filename).href",
    );
    const { outputText } = ts.transpileModule(withoutImportMeta, {
      fileName: filename,
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        esModuleInterop: true,
        allowJs: true,
        sourceMap: false,
      },
    });
    return { code: outputText };
  },
};
