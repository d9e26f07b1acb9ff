import { extractMarkdownJson } from '../../src/modes';

describe('extractMarkdownJson', () => {
  it('takes the first ```json fence', () => {
    expect(extractMarkdownJson('a\n```json\n{"x":1}\n```\nb\n```json\n{"x":2}\n```')).toBe(
      '{"x":1}',
    );
  });

  it('accepts a fence without a language tag', () => {
    expect(extractMarkdownJson('```\n{"x":1}\n```')).toBe('{"x":1}');
  });

  it('prefers a ```json block to an earlier block of another language', () => {
    expect(extractMarkdownJson('```ts\nconst x = 1;\n```\n```JSON\n{"x":1}\n```')).toBe('{"x":1}');
  });

  it('reads a block tagged with another language without its tag', () => {
    expect(extractMarkdownJson('```js\n{"x":1}\n```')).toBe('{"x":1}');
  });

  it('reads a one-line fence', () => {
    expect(extractMarkdownJson('```{"x":1}```')).toBe('{"x":1}');
  });

  it('falls back to the outermost braces when the fence is missing', () => {
    expect(extractMarkdownJson('Sure! {"x": {"y": 1}} Hope that helps.')).toBe('{"x": {"y": 1}}');
  });

  it('returns the trimmed text when there is nothing JSON-like', () => {
    expect(extractMarkdownJson('  no json here  ')).toBe('no json here');
  });
});
