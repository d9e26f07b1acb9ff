import { ToolCallIndexer } from '../internal';
import type { StreamTextReader } from './mode.strategy';

/** Tool modes: each tool call's argument deltas, by the call's index. */
export function toolArgumentsReader(): StreamTextReader {
  const indexer = new ToolCallIndexer();
  return {
    read(delta, emit) {
      const calls: unknown = delta.tool_calls;
      if (!Array.isArray(calls)) return;
      for (const call of calls as unknown[]) {
        const candidate = call as
          | {
              index?: unknown;
              id?: unknown;
              function?: { name?: unknown; arguments?: unknown } | null;
            }
          | null
          | undefined;
        const index = indexer.position(candidate?.index, candidate?.id);
        const name = candidate?.function?.name;
        const text = candidate?.function?.arguments;
        emit(
          index,
          typeof text === 'string' ? text : '',
          typeof name === 'string' ? name : undefined,
        );
      }
    },
  };
}

/** Text modes: the content deltas. */
export function contentReader(): StreamTextReader {
  return {
    read(delta, emit) {
      const content: unknown = delta.content;
      if (typeof content === 'string' && content !== '') emit(0, content, undefined);
    },
  };
}
