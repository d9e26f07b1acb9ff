import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { markdownJsonReader } from '../../src/modes/markdown-json.reader';

type Delta = ChatCompletionChunk.Choice.Delta;

/** Everything a fresh reader emits for a reply streamed as these content pieces, end included. */
function emitted(...pieces: unknown[]): Array<[number, string, string | undefined]> {
  const reader = markdownJsonReader();
  const out: Array<[number, string, string | undefined]> = [];
  const sink = (channel: number, text: string, name: string | undefined): void => {
    out.push([channel, text, name]);
  };
  for (const content of pieces) reader.read({ content } as Delta, sink);
  reader.end?.(sink);
  return out;
}

/** The texts emitted, one per emission, in order: when each piece of JSON became known. */
function emissions(...pieces: unknown[]): string[] {
  return emitted(...pieces).map(([, text]) => text);
}

/** The JSON text MD_JSON reads from a reply streamed in these pieces. */
function markdownJson(...pieces: unknown[]): string {
  return emissions(...pieces).join('');
}

describe('markdownJsonReader (Mode.MD_JSON while streaming)', () => {
  describe('a fence with a tag line', () => {
    it('reads the inside of the first fenced block, its tag line left out', () => {
      expect(markdownJson('Here:\n```json\n{"a":', '1}\n```\nDone.')).toBe('{"a":1}\n');
    });

    it('emits the body on channel 0 without a tool name, as each delta arrives', () => {
      expect(emitted('Here:\n```json\n{"a":', '1}\n```\nDone.')).toEqual([
        [0, '{"a":', undefined],
        [0, '1}\n', undefined],
      ]);
    });

    it('starts the body right after a tag line that ends exactly at the end of a delta', () => {
      expect(emissions('```json\n', '{"a":1}\n```')).toEqual(['{"a":1}\n']);
    });

    it('waits for the end of a tag line split across deltas', () => {
      expect(emissions('Here:\n```', 'js', 'on', '\n{"a":', '1}\n```')).toEqual(['{"a":', '1}\n']);
    });

    it('accepts a tag line of 32 characters', () => {
      expect(emissions('```' + 'x'.repeat(32) + '\n{"a":1}\n```')).toEqual(['{"a":1}\n']);
    });

    it('waits for the newline after a 32-character tag that ends a delta', () => {
      expect(emissions('```' + 'x'.repeat(32), '\n{"a":1}\n```')).toEqual(['{"a":1}\n']);
    });

    it('reads a 33-character "tag line" as prose, then the reply by the rule create() uses', () => {
      // Not a fence while streaming: the reply is read at its end, from the first fenced block.
      expect(emissions('```' + 'x'.repeat(33) + '\n{"a":1}\n```')).toEqual(['{"a":1}']);
    });

    it('reads JSON that starts on the fence line and goes on below it', () => {
      expect(emissions('```{"a":\n1}\n```')).toEqual(['{"a":\n1}\n']);
    });
  });

  describe('a one-line fence', () => {
    it('reads it from its first brace', () => {
      expect(markdownJson('```{"a":1}```')).toBe('{"a":1}');
    });

    it('streams it as it arrives instead of waiting for the end of the reply', () => {
      expect(emissions('```{"a":', '1}```')).toEqual(['{"a":', '1}']);
    });

    it('streams an array from its first bracket', () => {
      expect(emissions('```[1,', '2]```')).toEqual(['[1,', '2]']);
    });

    it('leaves out a language tag and the spaces after it', () => {
      expect(emissions('```json {"a":', '1}```')).toEqual(['{"a":', '1}']);
    });
  });

  describe('backticks split across deltas', () => {
    it('holds back backticks until it knows whether they close the fence', () => {
      expect(markdownJson('Here:\n`', '``json\n{"a":1}`', '`', '`\n```json\n{"b":2}\n```')).toBe(
        '{"a":1}',
      );
    });

    it('emits the body up to a trailing backtick, and only that backtick waits', () => {
      expect(emissions('```json\n{"a":"x`', 'y"}\n```')).toEqual(['{"a":"x', '`y"}\n']);
    });

    it('never emits empty text for a delta of backticks only or a fence that closes at once', () => {
      expect(emissions('```json\n{"a":1}\n', '`', '``')).toEqual(['{"a":1}\n']);
      expect(emissions('```json\n{"a":1}\n', '```')).toEqual(['{"a":1}\n']);
    });

    it('keeps held backticks across a delta without text', () => {
      expect(emissions('Here: `', null, '``json\n{"a":', '1}\n```')).toEqual(['{"a":', '1}\n']);
    });
  });

  describe('prose around the fence', () => {
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

    it('an opening ``` followed by prose and a brace on the same line is not a one-line fence', () => {
      expect(
        emissions(
          'Wrap it in ``` fences; the format of the answer is {"x":0}.\n```json\n{"a":1}\n```',
        ),
      ).toEqual(['{"a":1}\n']);
    });

    it('after a ``` in long prose, reads a one-line fence that comes in a later delta', () => {
      expect(
        emissions('Use ``` fences, as in lorem ipsum dolor sit amet,', ' so: ```{"a":1}```'),
      ).toEqual(['{"a":1}']);
    });

    it('reads nothing after the closing fence, even from later deltas', () => {
      expect(emissions('```json\n{"a":1}\n```', '\nOr {"b":2}', '\n```json\n{"c":3}\n```')).toEqual(
        ['{"a":1}\n'],
      );
    });
  });

  describe('a reply without a fence, read at its end', () => {
    it('takes the outer braces, by the rule create() uses', () => {
      expect(emissions('Sure: {"a"', ':1} and more')).toEqual(['{"a":1}']);
    });

    it('takes the trimmed text when there are no braces', () => {
      expect(emissions('  plain ', 'answer  ')).toEqual(['plain answer']);
    });

    it('emits nothing for a reply of whitespace', () => {
      expect(emissions('  ', '\n')).toEqual([]);
    });

    it('reads every delta, also those that came while a ``` might have opened a fence', () => {
      expect(
        emissions('Sure ```', 'is how you fence, lorem ipsum dolor sit amet: {"a":1}'),
      ).toEqual(['{"a":1}']);
    });

    it('reads a reply that ends in a stray ``` like one without a fence', () => {
      expect(emissions('Answer: {"a":1} ```')).toEqual(['{"a":1}']);
    });

    it('reads nothing at the end once a fence was read', () => {
      expect(emissions('```json\n{"a":1}')).toEqual(['{"a":1}']);
    });
  });

  it('ignores deltas without text', () => {
    expect(markdownJson(undefined, '', null, '```\n[1]```')).toBe('[1]');
    expect(emissions(undefined, null, 42, '{"a":1}')).toEqual(['{"a":1}']);
  });
});
