export { FakeOpenAIServer, type FakeOpenAIServerOptions } from './fake-openai.server';
export type {
  BodyReply,
  CompletionReply,
  ContentReply,
  DeliveryOptions,
  ErrorReply,
  GeneratedReply,
  GeneratedReplyOptions,
  RecordedRequest,
  RefusalReply,
  ReplyScript,
  ReplyScriptFactory,
  ScriptedFinishReason,
  ScriptedToolCall,
  SseReply,
  ToolCallReply,
  ToolCallsReply,
} from './reply-script';
export {
  completionToChunks,
  completionToSse,
  chunksToSse,
  type ChunkingOptions,
} from './completion-chunks';
