import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionMessageToolCall,
} from 'openai/resources/chat/completions';
import type { CompletionUsage } from 'openai/resources/completions';
import { ToolCallIndexer } from '../internal';

interface ToolCallParts {
  id: string;
  name: string;
  /** Argument deltas, joined once at the end (appending to one string per delta is fine too, this is clearer). */
  arguments: string[];
}

interface ChoiceParts {
  content: string[];
  refusal: string[];
  role: string | undefined;
  toolCalls: Map<number, ToolCallParts>;
  indexer: ToolCallIndexer;
  finishReason: ChatCompletion.Choice['finish_reason'] | undefined;
  logprobs: { content: unknown[]; refusal: unknown[] } | undefined;
}

/**
 * Builds the `ChatCompletion` a stream amounts to, chunk by chunk, in linear time: what
 * `completion:response` receives and what the final value is read from. Chunks come off the
 * wire, so every field is read defensively.
 */
export class CompletionAssembler {
  private id = '';
  private model = '';
  private created = 0;
  private systemFingerprint: string | undefined;
  private serviceTier: unknown;
  private usage: CompletionUsage | undefined;
  private readonly choices = new Map<number, ChoiceParts>();

  /** Adds one chunk. */
  add(chunk: ChatCompletionChunk): void {
    if (typeof chunk.id === 'string' && chunk.id !== '') this.id = chunk.id;
    if (typeof chunk.model === 'string' && chunk.model !== '') this.model = chunk.model;
    if (typeof chunk.created === 'number') this.created = chunk.created;
    if (typeof chunk.system_fingerprint === 'string')
      this.systemFingerprint = chunk.system_fingerprint;
    if (chunk.service_tier !== undefined && chunk.service_tier !== null)
      this.serviceTier = chunk.service_tier;
    if (typeof chunk.usage === 'object' && chunk.usage !== null) this.usage = chunk.usage;
    const choices: unknown = chunk.choices;
    if (!Array.isArray(choices)) return;
    for (const choice of choices as ChatCompletionChunk.Choice[]) {
      if (typeof choice !== 'object' || choice === null) continue;
      this.addChoice(choice);
    }
  }

  /** True once the first choice has a finish reason. */
  get finished(): boolean {
    return this.choices.get(0)?.finishReason != null;
  }

  /** The completion so far (call after the stream ended). */
  completion(): ChatCompletion {
    const choices = [...this.choices.entries()]
      .sort(([left], [right]) => left - right)
      .map(([index, parts]) => toChoice(index, parts));
    return {
      id: this.id,
      object: 'chat.completion',
      created: this.created,
      model: this.model,
      choices,
      ...(this.usage !== undefined ? { usage: this.usage } : {}),
      ...(this.systemFingerprint !== undefined
        ? { system_fingerprint: this.systemFingerprint }
        : {}),
      ...(this.serviceTier !== undefined
        ? { service_tier: this.serviceTier as ChatCompletion['service_tier'] }
        : {}),
    };
  }

  private addChoice(choice: ChatCompletionChunk.Choice): void {
    const index = typeof choice.index === 'number' ? choice.index : 0;
    let parts = this.choices.get(index);
    if (!parts) {
      parts = {
        content: [],
        refusal: [],
        role: undefined,
        toolCalls: new Map(),
        indexer: new ToolCallIndexer(),
        finishReason: undefined,
        logprobs: undefined,
      };
      this.choices.set(index, parts);
    }
    if (choice.finish_reason != null) parts.finishReason = choice.finish_reason;
    const delta: unknown = choice.delta;
    if (typeof delta === 'object' && delta !== null) addDelta(parts, delta);
    const logprobs: unknown = choice.logprobs;
    if (typeof logprobs === 'object' && logprobs !== null) {
      parts.logprobs ??= { content: [], refusal: [] };
      const { content, refusal } = logprobs as { content?: unknown; refusal?: unknown };
      // A loop, not push(...items): a chunk may carry more entries than a call takes arguments.
      if (Array.isArray(content))
        for (const entry of content as unknown[]) parts.logprobs.content.push(entry);
      if (Array.isArray(refusal))
        for (const entry of refusal as unknown[]) parts.logprobs.refusal.push(entry);
    }
  }
}

function addDelta(parts: ChoiceParts, delta: ChatCompletionChunk.Choice.Delta): void {
  if (typeof delta.role === 'string') parts.role = delta.role;
  if (typeof delta.content === 'string') parts.content.push(delta.content);
  if (typeof delta.refusal === 'string') parts.refusal.push(delta.refusal);
  const calls: unknown = delta.tool_calls;
  if (!Array.isArray(calls)) return;
  for (const call of calls as unknown[]) {
    if (typeof call !== 'object' || call === null) continue;
    const {
      index,
      id,
      function: fn,
    } = call as {
      index?: unknown;
      id?: unknown;
      function?: { name?: unknown; arguments?: unknown } | null;
    };
    const position = parts.indexer.position(index, id);
    let tool = parts.toolCalls.get(position);
    if (!tool) {
      tool = { id: '', name: '', arguments: [] };
      parts.toolCalls.set(position, tool);
    }
    if (typeof id === 'string' && id !== '') tool.id = id;
    if (typeof fn === 'object' && fn !== null) {
      // Some servers repeat the name in every delta: it is a name, not a delta.
      if (typeof fn.name === 'string' && fn.name !== '') tool.name = fn.name;
      if (typeof fn.arguments === 'string') tool.arguments.push(fn.arguments);
    }
  }
}

function toChoice(index: number, parts: ChoiceParts): ChatCompletion.Choice {
  const toolCalls: ChatCompletionMessageToolCall[] = [...parts.toolCalls.entries()]
    .sort(([left], [right]) => left - right)
    .map(([, tool]) => ({
      id: tool.id,
      type: 'function',
      function: { name: tool.name, arguments: tool.arguments.join('') },
    }));
  const content = parts.content.join('');
  const refusal = parts.refusal.join('');
  return {
    index,
    finish_reason: parts.finishReason ?? ('stop' as const),
    logprobs: (parts.logprobs ?? null) as ChatCompletion.Choice['logprobs'],
    message: {
      role: 'assistant',
      content: content === '' && (toolCalls.length > 0 || refusal !== '') ? null : content,
      refusal: refusal === '' ? null : refusal,
      ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
    },
  };
}
