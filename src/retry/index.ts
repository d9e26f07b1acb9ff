export {
  runExtraction,
  type CompletionSender,
  type ExtractionRequest,
  type ExtractionResult,
} from './extraction.loop';
export { addUsage, emptyUsage } from './usage';
