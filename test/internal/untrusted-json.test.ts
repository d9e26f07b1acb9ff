import { parseUntrustedJson, stripDangerousKeys } from '../../src/internal';

describe('parseUntrustedJson', () => {
  it('parses valid JSON', () => {
    expect(parseUntrustedJson('{"a":[1,{"b":true}]}')).toEqual({
      ok: true,
      value: { a: [1, { b: true }] },
    });
  });

  it('reports bad JSON as a result, never a throw', () => {
    const result = parseUntrustedJson('{"a": ');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toBeInstanceOf(SyntaxError);
  });

  it('removes __proto__, constructor and prototype keys at every depth, escaped or not', () => {
    const result = parseUntrustedJson(
      '{"__proto__":{"x":1},"keep":{"constructor":{"prototype":{"x":1}},"ok":1},' +
        '"list":[{"prototype":2,"v":3}],"\\u005f_proto__":{"x":1}}',
    );
    expect(result).toEqual({ ok: true, value: { keep: { ok: 1 }, list: [{ v: 3 }] } });
    const value = (result as { value: Record<string, unknown> }).value;
    expect(Object.keys(value)).toEqual(['keep', 'list']);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
  });

  it('walks deep structures without recursion', () => {
    let deep: unknown = { __proto__: null, constructor: 1 };
    for (let level = 0; level < 100_000; level++) deep = [deep];
    expect(() => stripDangerousKeys(deep)).not.toThrow();
  });
});
