export { Mode } from './mode';
export type { ModeStrategy, ExtractedPayload } from './mode.strategy';
export { getModeStrategy, isSupportedMode } from './mode.registry';
export { extractMarkdownJson } from './markdown-json.extractor';
