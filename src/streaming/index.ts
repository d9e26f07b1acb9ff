export {
  IncrementalJsonParser,
  type IncrementalJsonParserOptions,
} from './incremental-json.parser';
export { JsonStreamError, type JsonStreamErrorOptions } from './json-stream.error';
export type { ValueShape } from './value-shape';
export { CompletionAssembler } from './completion.assembler';
