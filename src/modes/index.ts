export { Mode } from './mode';
export type {
  ModeStrategy,
  ExtractedPayload,
  StreamTextReader,
  StreamTextSink,
} from './mode.strategy';
export { withRequestParts } from './mode.strategy';
export { getModeStrategy } from './mode.registry';
export { extractMarkdownJson } from './markdown-json.extractor';
