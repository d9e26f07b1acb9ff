export {
  runExtraction,
  type CompletionSender,
  type ExtractionRequest,
  type ExtractionResult,
} from './extraction.loop';
export { addUsage, emptyUsage } from './usage';
export {
  resolveReaskPolicy,
  checkReaskSettings,
  type ReaskOptions,
  type ReaskPolicy,
} from './reask-policy';
