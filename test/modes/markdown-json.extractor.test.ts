import { extractMarkdownJson } from '../../src/modes';

describe('extractMarkdownJson', () => {
  describe('fenced blocks', () => {
    it('takes the first ```json fence', () => {
      expect(extractMarkdownJson('a\n```json\n{"x":1}\n```\nb\n```json\n{"x":2}\n```')).toBe(
        '{"x":1}',
      );
    });

    it('accepts a fence without a language tag', () => {
      expect(extractMarkdownJson('```\n{"x":1}\n```')).toBe('{"x":1}');
    });

    it('prefers a ```json block to an earlier block of another language', () => {
      expect(extractMarkdownJson('```ts\nconst x = 1;\n```\n```JSON\n{"x":1}\n```')).toBe(
        '{"x":1}',
      );
    });

    it('reads a block tagged with another language without its tag', () => {
      expect(extractMarkdownJson('```js\n{"x":1}\n```')).toBe('{"x":1}');
    });

    it('without a ```json block, takes the first block, also when it holds no braces', () => {
      expect(extractMarkdownJson('Here:\n```\n[1, 2]\n```\nor\n```\n[3]\n```')).toBe('[1, 2]');
    });

    it('keeps a multi-line body whole, its blank lines and indentation included', () => {
      expect(extractMarkdownJson('```json\n{\n  "x": 1,\n\n  "y": [2, 3]\n}\n```')).toBe(
        '{\n  "x": 1,\n\n  "y": [2, 3]\n}',
      );
    });

    it('leaves out spaces after the tag and a CRLF tag line', () => {
      expect(extractMarkdownJson('```json  \t\r\n{"x":1}\r\n```')).toBe('{"x":1}');
    });

    it('reads a one-line fence', () => {
      expect(extractMarkdownJson('```{"x":1}```')).toBe('{"x":1}');
    });

    it('reads a one-line fence holding an array', () => {
      expect(extractMarkdownJson('```[1]```')).toBe('[1]');
    });

    it('reads a one-line fence whose language tag is followed by a space', () => {
      expect(extractMarkdownJson('```json [1]```')).toBe('[1]');
    });
  });

  describe('without a fence', () => {
    it('falls back to the outermost braces when the fence is missing', () => {
      expect(extractMarkdownJson('Sure! {"x": {"y": 1}} Hope that helps.')).toBe('{"x": {"y": 1}}');
    });

    it('takes the braces when the first one is the second character', () => {
      expect(extractMarkdownJson('A{"x":1}')).toBe('{"x":1}');
    });

    it('returns the trimmed text when there is nothing JSON-like', () => {
      expect(extractMarkdownJson('  no json here  ')).toBe('no json here');
    });

    it('returns the trimmed text when a closing brace comes before the opening one', () => {
      expect(extractMarkdownJson(' a } then { b ')).toBe('a } then { b');
    });

    it('returns the trimmed text when a brace is never closed', () => {
      expect(extractMarkdownJson(' {"x": 1 ')).toBe('{"x": 1');
    });

    it('returns the trimmed text when there is a closing brace only', () => {
      expect(extractMarkdownJson('a }')).toBe('a }');
    });
  });
});
