import { boundedJson, truncate } from '../../src/internal';

describe('truncate', () => {
  it('leaves text within the limit as it is', () => {
    expect(truncate('abc', 3)).toBe('abc');
  });

  it('cuts longer text and says how much was left out', () => {
    expect(truncate('abcdefgh', 3)).toBe('abc… (5 more characters)');
  });
});

describe('boundedJson', () => {
  it('shows a value as JSON, cut to the limit', () => {
    expect(boundedJson({ a: 'xxxxxxxx' }, 6)).toBe('{"a":"… (10 more characters)');
  });

  it('shows what JSON cannot as text', () => {
    expect(boundedJson(undefined)).toBe('undefined');
  });

  it('never throws on a value JSON cannot serialize', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;

    expect(boundedJson(cyclic)).toBe('[a value too deeply nested or cyclic to show]');
    expect(boundedJson(10n)).toBe('[a value too deeply nested or cyclic to show]');
  });
});
