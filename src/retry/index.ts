export {
  driveCall,
  finishCall,
  settledOrAborted,
  type CallPlan,
  type CallProgress,
  type ExtractionResult,
} from './call.driver';
export { completionAttempt, type AttemptOutcome, type AttemptRunner } from './attempt';
export {
  resolveExtraction,
  resolveListExtraction,
  type Extraction,
  type ListExtraction,
} from './extraction';
export { addUsage, emptyUsage } from './usage';
export { resolveReaskPolicy, type ReaskOptions, type ReaskPolicy } from './reask-policy';
export type { ChunkStream, CompletionTransport } from './completion.transport';
export { streamAttempt, type StreamConsumer } from './stream.attempt';
export { partialObjectConsumer } from './partial-object.consumer';
export { listConsumer } from './list.consumer';
