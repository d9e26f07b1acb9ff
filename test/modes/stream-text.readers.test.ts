import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { markdownJsonReader } from '../../src/modes/markdown-json.reader';
import { toolArgumentsReader } from '../../src/modes/stream-text.readers';

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

/** The JSON text MD_JSON reads from a reply streamed in these pieces. */
function markdownJson(...pieces: unknown[]): string {
  return emitted(
    markdownJsonReader(),
    pieces.map((content) => ({ content }) as Delta),
  )
    .map(([, text]) => text)
    .join('');
}

describe('markdownJsonReader (Mode.MD_JSON while streaming)', () => {
  it('reads the inside of the first fenced block, its tag line left out', () => {
    expect(markdownJson('Here:\n```json\n{"a":', '1}\n```\nDone.')).toBe('{"a":1}\n');
  });

  it('holds back backticks split across deltas until it knows whether they close the fence', () => {
    expect(markdownJson('Here:\n`', '``json\n{"a":1}`', '`', '`\n```json\n{"b":2}\n```')).toBe(
      '{"a":1}',
    );
  });

  it('reads a one-line fence without a tag line from its first brace', () => {
    expect(markdownJson('```{"a":1}```')).toBe('{"a":1}');
  });

  it('reads a reply without a fence at its end, by the rule create() uses (the outer braces)', () => {
    expect(markdownJson('Sure: {"a"', ':1} and more')).toBe('{"a":1}');
  });

  it('never reads a brace in the prose before the fence as the answer', () => {
    expect(markdownJson('The format is {"x":0}; the answer:\n```json\n{"a":1}\n```')).toBe(
      '{"a":1}\n',
    );
  });

  it('an opening ``` with no tag line soon after is prose, not a fence', () => {
    expect(
      markdownJson(
        'Wrap it in ``` fences, ' + 'lorem ipsum '.repeat(10) + '\n```json\n{"a":1}\n```',
      ),
    ).toBe('{"a":1}\n');
  });

  it('ignores deltas without text', () => {
    expect(markdownJson(undefined, '', null, '```\n[1]```')).toBe('[1]');
  });
});

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
});
