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

  it.each(['__proto__', 'constructor', 'prototype'])('removes a %p key alone', (key) => {
    const result = parseUntrustedJson(`{"${key}":{"x":1},"kept":[{"${key}":2}]}`);

    expect(result).toEqual({ ok: true, value: { kept: [{}] } });
    const value = (result as { value: { kept: object[] } }).value;
    expect(Object.keys(value)).toEqual(['kept']);
    expect(Object.keys(value.kept[0]!)).toEqual([]);
  });

  it('keeps ordinary keys, the empty one and escaped ones included', () => {
    expect(parseUntrustedJson('{"":1,"proto":2,"constructors":3,"\\u0061":4}')).toEqual({
      ok: true,
      value: { '': 1, proto: 2, constructors: 3, a: 4 },
    });
  });

  it('keeps null, string and number values while removing keys next to them', () => {
    expect(
      parseUntrustedJson('{"constructor":1,"b":"text","n":2,"a":null,"c":["x",3,null]}'),
    ).toEqual({ ok: true, value: { b: 'text', n: 2, a: null, c: ['x', 3, null] } });
  });

  it('walks deep structures without recursion', () => {
    let deep: unknown = { __proto__: null, constructor: 1 };
    for (let level = 0; level < 100_000; level++) deep = [deep];
    expect(() => stripDangerousKeys(deep)).not.toThrow();
  });
});
