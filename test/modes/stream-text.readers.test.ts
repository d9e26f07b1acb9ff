import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { contentReader, toolArgumentsReader } from '../../src/modes/stream-text.readers';

type Delta = ChatCompletionChunk.Choice.Delta;

/** What a fresh reader emits for these deltas, and at the end: `[channel, text, toolName]` each. */
function emitted(
  reader: { read: (delta: Delta, emit: never) => void; end?: (emit: never) => void },
  deltas: Delta[],
) {
  const out: Array<[number, string, string | undefined]> = [];
  const sink = ((channel: number, text: string, name: string | undefined) =>
    out.push([channel, text, name])) as never;
  for (const delta of deltas) reader.read(delta, sink);
  reader.end?.(sink);
  return out;
}

// The MD_JSON reader has its own file: markdown-json.reader.test.ts.

describe('toolArgumentsReader (tool modes while streaming)', () => {
  it('emits each call by its index and name; a delta without arguments adds no text', () => {
    expect(
      emitted(toolArgumentsReader(), [
        { tool_calls: [{ index: 0, function: { name: 'User' } }] },
        { tool_calls: [{ index: 0, function: { arguments: '{"a":' } }] },
        { tool_calls: [{ index: 1, function: { name: 'Address', arguments: '{}' } }] },
      ] as Delta[]),
    ).toEqual([
      [0, '', 'User'],
      [0, '{"a":', undefined],
      [1, '{}', 'Address'],
    ]);
  });

  it('reads null entries and calls without a function as empty text of the first call', () => {
    expect(
      emitted(toolArgumentsReader(), [
        { tool_calls: [null, undefined] },
        { tool_calls: [{ index: 0, id: 'call_1' }] },
        { tool_calls: [{ index: 0, function: null }] },
        { tool_calls: [{ index: 0, function: { arguments: '{}' } }] },
      ] as unknown as Delta[]),
    ).toEqual([
      [0, '', undefined],
      [0, '', undefined],
      [0, '', undefined],
      [0, '', undefined],
      [0, '{}', undefined],
    ]);
  });

  it('drops a name or arguments that are not strings', () => {
    expect(
      emitted(toolArgumentsReader(), [
        { tool_calls: [{ index: 0, function: { name: 42, arguments: { a: 1 } } }] },
      ] as unknown as Delta[]),
    ).toEqual([[0, '', undefined]]);
  });

  it('ignores deltas whose tool_calls is not a list', () => {
    expect(
      emitted(toolArgumentsReader(), [{ content: 'hi' }, { tool_calls: {} }] as unknown as Delta[]),
    ).toEqual([]);
  });
});

describe('contentReader (JSON and JSON_SCHEMA while streaming)', () => {
  it('emits each non-empty text delta on channel 0, without a tool name', () => {
    expect(
      emitted(contentReader(), [
        { role: 'assistant', content: '' },
        { content: '{"a":' },
        { content: null },
        {},
        { content: 42 },
        { content: '1}' },
      ] as unknown as Delta[]),
    ).toEqual([
      [0, '{"a":', undefined],
      [0, '1}', undefined],
    ]);
  });
});
