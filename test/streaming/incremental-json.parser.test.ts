import { isDeepStrictEqual } from 'node:util';
import { ConfigurationError } from '../../src/errors';
import { stripDangerousKeys } from '../../src/internal';
import {
  IncrementalJsonParser,
  JsonStreamError,
  type IncrementalJsonParserOptions,
  type ValueShape,
} from '../../src/streaming';
import { cloneJson, prefixMismatch } from './partial-value.checks';

/** The visible value after writing `text` in one delta. */
function visibleAfter(text: string, options?: IncrementalJsonParserOptions): unknown {
  const parser = new IncrementalJsonParser(options);
  parser.write(text);
  return parser.value;
}

/** Writes `chunks` one by one and ends the input. */
function parseChunks(chunks: readonly string[], options?: IncrementalJsonParserOptions): unknown {
  const parser = new IncrementalJsonParser(options);
  for (const chunk of chunks) parser.write(chunk);
  return parser.end();
}

/** Every way to cut `text` into three pieces (cuts may coincide, giving empty pieces). */
function* threeWaySplits(text: string): Generator<string[]> {
  for (let first = 0; first <= text.length; first++) {
    for (let second = first; second <= text.length; second++) {
      yield [text.slice(0, first), text.slice(first, second), text.slice(second)];
    }
  }
}

/** The error `action` throws (fails the test when it throws none). */
function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('IncrementalJsonParser', () => {
  describe('partial values', () => {
    it.each<[string, unknown]>([
      ['', undefined],
      ['{', {}],
      ['{"na', {}],
      ['{"name"', {}],
      ['{"name": ', {}],
      ['{"name": "', { name: '' }],
      ['{"name": "Ad', { name: 'Ad' }],
      ['{"name": "Ada", "ag', { name: 'Ada' }],
      ['{"name": "Ada", "age": 3', { name: 'Ada' }],
      ['{"name": "Ada", "age": 36', { name: 'Ada' }],
      ['{"name": "Ada", "age": 36,', { name: 'Ada', age: 36 }],
      ['{"name": "Ada", "age": 36, "tags": [', { name: 'Ada', age: 36, tags: [] }],
      ['{"name": "Ada", "age": 36, "tags": ["a", tr', { name: 'Ada', age: 36, tags: ['a'] }],
      [
        '{"name": "Ada", "age": 36, "tags": ["a", true',
        { name: 'Ada', age: 36, tags: ['a', true] },
      ],
      [
        '{"name": "Ada", "age": 36, "tags": ["a", true]}',
        { name: 'Ada', age: 36, tags: ['a', true] },
      ],
    ])('after %j the value is %j', (text, expected) => {
      expect(visibleAfter(text)).toStrictEqual(expected);
    });

    it('shows numbers only once a character that cannot continue them arrives', () => {
      expect(visibleAfter('[12')).toEqual([]);
      expect(visibleAfter('[12 ')).toEqual([12]);
      expect(visibleAfter('[1.5e')).toEqual([]);
      expect(visibleAfter('[1.5e3]')).toEqual([1500]);
      expect(visibleAfter('{"n": -0}')).toEqual({ n: -0 });
      expect(Object.is((visibleAfter('{"n": -0}') as { n: number }).n, -0)).toBe(true);
    });

    it('completes a root number at the first whitespace, or at end()', () => {
      const parser = new IncrementalJsonParser();
      parser.write('42');
      expect(parser.value).toBeUndefined();
      expect(parser.complete).toBe(false);
      expect(parser.end()).toBe(42);
      expect(parser.complete).toBe(true);

      const spaced = new IncrementalJsonParser();
      spaced.write('42 ');
      expect([spaced.value, spaced.complete]).toEqual([42, true]);
    });

    it('shows true, false and null only once complete', () => {
      expect(visibleAfter('[tr')).toEqual([]);
      expect(visibleAfter('[true')).toEqual([true]);
      expect(visibleAfter('{"a": fals')).toEqual({});
      expect(visibleAfter('{"a": false')).toEqual({ a: false });
      expect(visibleAfter('[nul')).toEqual([]);
      expect(visibleAfter('[null')).toEqual([null]);
    });

    it('grows nested arrays element by element', () => {
      expect(visibleAfter('[[1, 2], [3')).toEqual([[1, 2], []]);
      expect(visibleAfter('[[1, 2], [3,')).toEqual([[1, 2], [3]]);
      expect(visibleAfter('[[1, 2], [3, {"a": [')).toEqual([
        [1, 2],
        [3, { a: [] }],
      ]);
    });

    it('shows a string growing with its escapes decoded, never a partial escape', () => {
      expect(visibleAfter('"ab')).toBe('ab');
      expect(visibleAfter('"ab\\')).toBe('ab');
      expect(visibleAfter('"ab\\n')).toBe('ab\n');
      expect(visibleAfter('"ab\\u00')).toBe('ab');
      expect(visibleAfter('"ab\\u00e9')).toBe('abé');
      expect(visibleAfter('"ab\\u00e9"')).toBe('abé');
    });

    it('holds back the first half of a surrogate pair until the second arrives', () => {
      expect(visibleAfter('"x\\ud83d')).toBe('x');
      expect(visibleAfter('"x\\ud83d\\u')).toBe('x');
      expect(visibleAfter('"x\\ud83d\\ude00')).toBe('x😀');
      expect(visibleAfter('"x\ud83d')).toBe('x');
      expect(visibleAfter('"x\ud83d\ude00')).toBe('x😀');
    });

    it('keeps lone surrogates as JSON.parse keeps them', () => {
      for (const text of [
        '"\\ud83d"',
        '"\\ud83dx"',
        '"\\ude00"',
        '"\\ud83d\\ud83d\\ude00"',
        '"\ud83d"',
      ]) {
        expect(parseChunks([text])).toBe(JSON.parse(text));
      }
    });

    it('updates the same objects and arrays in place, and end() returns the root', () => {
      const parser = new IncrementalJsonParser();
      parser.write('{"list": [{"a": 1}');
      const root = parser.value as { list: unknown[] };
      const list = root.list;
      parser.write(', {"b": 2}], "c": 3}');
      expect(parser.value).toBe(root);
      expect(root.list).toBe(list);
      expect(parser.end()).toBe(root);
      expect(root).toEqual({ list: [{ a: 1 }, { b: 2 }], c: 3 });
    });

    it('returns true from write only when something visible changed', () => {
      const parser = new IncrementalJsonParser();
      const changes = ['{"a"', ': ', '"', 'x', '\\', 'n', '", "b": 1', '2', '}', ' '].map((delta) =>
        parser.write(delta),
      );
      expect(changes).toEqual([true, false, true, true, false, true, false, false, true, false]);
      expect(parser.value).toEqual({ a: 'x\n', b: 12 });
    });

    it('writes nothing visible for an empty delta', () => {
      const parser = new IncrementalJsonParser();
      expect(parser.write('')).toBe(false);
      parser.write('[1');
      expect(parser.write('')).toBe(false);
    });
  });

  describe('split points', () => {
    const text =
      '{"k\\u00e9y": ["\\ud83d\\ude00 \\"q\\" \\\\ \\/ \\b\\f\\n\\r\\t", -0.0e+0, 12.5E-3, 0,' +
      ' true, false, null, "😀", {"": []}], "\\u005f_proto__": 1}';

    it('gives JSON.parse’s value for every way to cut the text in three', () => {
      const expected = stripDangerousKeys(JSON.parse(text));
      const wrong = [...threeWaySplits(text)].filter(
        (chunks) => !isDeepStrictEqual(parseChunks(chunks), expected),
      );
      expect(wrong).toEqual([]);
    });

    it('shows only prefixes of the final value, whatever the cut', () => {
      const expected = stripDangerousKeys(JSON.parse(text));
      const mismatches: unknown[] = [];
      for (const chunks of threeWaySplits(text)) {
        const parser = new IncrementalJsonParser();
        for (const chunk of chunks) {
          parser.write(chunk);
          const mismatch = prefixMismatch(cloneJson(parser.value), expected);
          if (mismatch !== undefined) mismatches.push([chunks, mismatch]);
        }
      }
      expect(mismatches).toEqual([]);
    });

    it('reads keys, escapes, numbers and literals one character at a time', () => {
      expect(parseChunks([...text])).toStrictEqual(stripDangerousKeys(JSON.parse(text)));
    });
  });

  describe('numbers', () => {
    it.each([
      '0',
      '-0',
      '7',
      '-12',
      '1.5',
      '-0.25',
      '1e5',
      '1E+5',
      '2e-3',
      '-1.25e+10',
      '0e0',
      '123456789012345678901234567890',
      '0.1',
      '5e-324',
      '1e400',
      '-1e400',
    ])('converts %s like JSON.parse', (text) => {
      expect(Object.is(parseChunks([text]), JSON.parse(text))).toBe(true);
      expect(Object.is(parseChunks([...text]), JSON.parse(text))).toBe(true);
      expect(parseChunks([`[${text}]`])).toEqual([JSON.parse(text)]);
    });

    it.each<[string, number]>([
      ['01', 1],
      ['-01', 2],
      ['+1', 0],
      ['.5', 0],
      ['-.5', 1],
      ['1.', 2],
      ['1.e5', 2],
      ['1e', 2],
      ['1e+', 3],
      ['-', 1],
      ['--1', 1],
      ['0x10', 1],
      ['1_000', 1],
      ['Infinity', 0],
      ['NaN', 0],
      ['[1.]', 3],
      ['[-]', 2],
      ['[1e]', 3],
    ])('rejects %s at position %d, as JSON.parse rejects it', (text, position) => {
      expect(() => JSON.parse(text) as unknown).toThrow(SyntaxError);
      const error = thrownBy(() => parseChunks([text]));
      expect(error).toBeInstanceOf(JsonStreamError);
      expect((error as JsonStreamError).position).toBe(position);
      expect((thrownBy(() => parseChunks([...text])) as JsonStreamError).position).toBe(position);
    });
  });

  describe('strings and whitespace', () => {
    it('decodes every JSON escape', () => {
      const text = '"\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u0041 \\u00E9 \\uFFFF"';
      expect(parseChunks([text])).toBe(JSON.parse(text));
    });

    it.each<[string, number]>([
      ['"a\u0000"', 2],
      ['"a\nb"', 2],
      ['"\u001f"', 1],
      ['"\\x"', 2],
      ['"\\U0041"', 2],
      ['"\\u00G1"', 5],
      ['"\\u12"', 5],
      ["'a'", 0],
    ])('rejects %j at position %d, as JSON.parse does', (text, position) => {
      expect(() => JSON.parse(text) as unknown).toThrow(SyntaxError);
      expect((thrownBy(() => parseChunks([...text])) as JsonStreamError).position).toBe(position);
    });

    it('accepts DEL and other non-control characters raw', () => {
      expect(parseChunks(['"\u007f\u00a0\u2028"'])).toBe('\u007f\u00a0\u2028');
    });

    it('accepts only space, tab, line feed and carriage return as whitespace', () => {
      expect(
        parseChunks([' \t\n\r[ \t\n\r1 \t\n\r, \t\n\r{ \t\n\r"a" \t\n\r: 2 }\r\n] \n']),
      ).toEqual([1, { a: 2 }]);
      for (const space of ['\u00a0', '\u000b', '\u000c', '\u2028', '\ufeff', '\u3000']) {
        expect(() => JSON.parse(`[${space}1]`) as unknown).toThrow(SyntaxError);
        expect((thrownBy(() => parseChunks([`[${space}1]`])) as JsonStreamError).position).toBe(1);
      }
    });
  });

  describe('leading and trailing text', () => {
    it('rejects text before the value by default', () => {
      const error = thrownBy(() => parseChunks(['Sure! {"a": 1}']));
      expect(error).toBeInstanceOf(JsonStreamError);
      expect((error as JsonStreamError).position).toBe(0);
    });

    it('skips chat and a markdown fence around the JSON when both options are on', () => {
      const reply = 'Here you go:\n```json\n{"a": "b"}\n```\nAnything else?';
      const options = { allowLeadingText: true, allowTrailingText: true };
      expect(parseChunks([reply], options)).toEqual({ a: 'b' });
      expect(parseChunks([...reply], options)).toEqual({ a: 'b' });
    });

    it('starts the root at the first { or [, even inside the chat', () => {
      expect(
        parseChunks(['The list [1, 2]: {"a": 1}'], {
          allowLeadingText: true,
          allowTrailingText: true,
        }),
      ).toEqual([1, 2]);
    });

    it('shows nothing while skipping leading text', () => {
      const parser = new IncrementalJsonParser({ allowLeadingText: true });
      expect(parser.write('"quoted" 42 true')).toBe(false);
      expect(parser.value).toBeUndefined();
      expect(parser.write(' {')).toBe(true);
      expect(parser.value).toEqual({});
    });

    it('does not take a primitive root when leading text is allowed', () => {
      const error = thrownBy(() => parseChunks(['42'], { allowLeadingText: true }));
      expect(error).toBeInstanceOf(JsonStreamError);
      expect((error as JsonStreamError).position).toBe(2);
    });

    it('rejects text after the value by default, but not whitespace', () => {
      expect(parseChunks(['{"a": 1}  \n'])).toEqual({ a: 1 });
      expect((thrownBy(() => parseChunks(['{"a": 1} ok'])) as JsonStreamError).position).toBe(9);
      expect((thrownBy(() => parseChunks(['{} {}'])) as JsonStreamError).position).toBe(3);
    });

    it('ignores anything after the root value when trailing text is allowed', () => {
      const parser = new IncrementalJsonParser({ allowTrailingText: true });
      parser.write('{"a": 1}');
      expect(parser.complete).toBe(true);
      expect(parser.write(' {"b": [unclosed')).toBe(false);
      expect(parser.end()).toEqual({ a: 1 });
      expect(parseChunks(['12abc'], { allowTrailingText: true })).toBe(12);
    });
  });

  describe('elements reported one by one', () => {
    it('reports each element of a root array once complete, before the next one starts', () => {
      const reports: unknown[] = [];
      const parser = new IncrementalJsonParser({
        elementsAt: [],
        onElement: (value, index) => {
          const visible = parser.value as unknown[];
          reports.push([cloneJson(value), index, visible.length]);
        },
      });
      parser.write('[{"a": [1]}, 2, "s", [3], true, null]');
      expect(reports).toEqual([
        [{ a: [1] }, 0, 1],
        [2, 1, 2],
        ['s', 2, 3],
        [[3], 3, 4],
        [true, 4, 5],
        [null, 5, 6],
      ]);
    });

    it('reports a number element when the character after it arrives', () => {
      const indices: number[] = [];
      const parser = new IncrementalJsonParser({
        elementsAt: [],
        onElement: (_, index) => indices.push(index),
      });
      parser.write('[1');
      parser.write('2');
      expect(indices).toEqual([]);
      parser.write(']');
      expect(indices).toEqual([0]);
      expect(parser.end()).toEqual([12]);
    });

    it('reports only the array at the path, matching keys written with escapes', () => {
      const values: unknown[] = [];
      parseChunks(
        [
          '{"items": [9], "data": {"other": [8], "it\\u0065ms": [1, {"items": [2]}, [3]],',
          ' "deeper": {"items": [7]}}}',
        ],
        { elementsAt: ['data', 'items'], onElement: (value) => values.push(value) },
      );
      expect(values).toEqual([1, { items: [2] }, [3]]);
    });

    it('hands over the element objects the partial value holds', () => {
      const values: unknown[] = [];
      const result = parseChunks(['{"list": [{"a": 1}, {"b": 2}]}'], {
        elementsAt: ['list'],
        onElement: (value) => values.push(value),
      }) as { list: unknown[] };
      expect(values[0]).toBe(result.list[0]);
      expect(values[1]).toBe(result.list[1]);
    });

    it('reports nothing when the value at the path is not an array', () => {
      const onElement = jest.fn();
      parseChunks(['{"list": {"0": 1}, "other": [1]}'], { elementsAt: ['list'], onElement });
      parseChunks(['[[1]]'], { elementsAt: ['0'], onElement });
      expect(onElement).not.toHaveBeenCalled();
    });

    it('stops the parser when onElement throws', () => {
      const failure = new Error('consumer failed');
      const parser = new IncrementalJsonParser({
        elementsAt: [],
        onElement: () => {
          throw failure;
        },
      });
      expect(() => parser.write('[1, 2')).toThrow(failure);
      expect(() => parser.write(']')).toThrow(failure);
      expect(() => parser.end()).toThrow(failure);
    });

    it('takes elementsAt and onElement together, through keys that are assigned', () => {
      expect(() => new IncrementalJsonParser({ elementsAt: ['list'] })).toThrow(ConfigurationError);
      expect(() => new IncrementalJsonParser({ onElement: () => undefined })).toThrow(
        ConfigurationError,
      );
      expect(
        () =>
          new IncrementalJsonParser({ elementsAt: ['a', '__proto__'], onElement: () => undefined }),
      ).toThrow(ConfigurationError);
    });
  });

  describe('shapes', () => {
    class Address {
      city?: string;
    }
    class Person {
      name?: string;
      home?: Address;
      others?: Address[];
    }
    const addressShape: ValueShape = {
      createObject: () => Object.create(Address.prototype) as object,
    };
    const personShape: ValueShape = {
      createObject: () => Object.create(Person.prototype) as object,
      child: (key) => {
        if (key === 'home') return addressShape;
        if (key === 'others') return { child: () => addressShape };
        return undefined;
      },
    };

    it('builds partial values as class instances, nested objects included', () => {
      const parser = new IncrementalJsonParser({ shape: personShape });
      parser.write('{"name": "Ada", "home": {"city": "Lon');
      const person = parser.value as Person;
      expect(person).toBeInstanceOf(Person);
      expect(person.home).toBeInstanceOf(Address);
      expect(person.home?.city).toBe('Lon');
      parser.write('don"}, "others": [{"city": "Paris"}, {');
      expect(person.others).toHaveLength(2);
      for (const other of person.others!) expect(other).toBeInstanceOf(Address);
      parser.write('}], "extra": {"x": {}}}');
      expect(Object.getPrototypeOf((parser.end() as { extra: object }).extra)).toBe(
        Object.prototype,
      );
    });

    it('asks for the shape of array elements by index', () => {
      const child = jest.fn(() => undefined);
      parseChunks(['[1, {}, [], "s", {}]'], { shape: { child } });
      expect(child.mock.calls).toEqual([[1], [2], [4]]);
    });

    it('asks for no shape below a dangerous key', () => {
      const child = jest.fn(() => undefined);
      parseChunks(['{"__proto__": {"a": {}}, "ok": {}}'], { shape: { child } });
      expect(child.mock.calls).toEqual([['ok']]);
    });
  });

  describe('dangerous keys', () => {
    it('parses __proto__, constructor and prototype keys but never assigns them, at any depth', () => {
      const text =
        '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}},' +
        ' "prototype": 1, "list": [{"__proto__": [1], "v": 2}], "ok": {"constructor": "x", "y": 3}}';
      const value = parseChunks([...text]) as Record<string, unknown>;
      expect(value).toStrictEqual({ list: [{ v: 2 }], ok: { y: 3 } });
      expect(Object.keys(value)).toEqual(['list', 'ok']);
      expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it('recognizes dangerous keys written with \\u escapes', () => {
      const text =
        '{"\\u005f_proto__": {"polluted": 1}, "constr\\u0075ctor": 2, "\\u0070rototype": 3, "a": 4}';
      expect(parseChunks([text])).toStrictEqual({ a: 4 });
    });

    it('keeps a class instance’s own constructor', () => {
      class Model {}
      const value = parseChunks(['{"constructor": {"name": "x"}, "a": 1}'], {
        shape: { createObject: () => Object.create(Model.prototype) as object },
      });
      expect(value).toBeInstanceOf(Model);
      expect((value as Model).constructor).toBe(Model);
    });

    it('never shows the value under a dangerous key, even while it is written', () => {
      const parser = new IncrementalJsonParser();
      expect(parser.write('{"__proto__": "abc')).toBe(true);
      expect(parser.write('def", "constructor": [1, 2')).toBe(false);
      expect(parser.value).toStrictEqual({});
      expect(parser.write('], "a": 1}')).toBe(true);
      expect(parser.end()).toStrictEqual({ a: 1 });
    });

    it('reports array elements without their dangerous keys', () => {
      const values: unknown[] = [];
      parseChunks(['[{"__proto__": {"x": 1}, "v": 1}]'], {
        elementsAt: [],
        onElement: (value) => values.push(value),
      });
      expect(values).toStrictEqual([{ v: 1 }]);
    });
  });

  describe('duplicate keys', () => {
    it('keeps the last value and the first position, like JSON.parse', () => {
      const text = '{"a": 1, "b": {"x": 1}, "a": 3, "b": "s"}';
      const value = parseChunks([text]);
      expect(value).toStrictEqual(JSON.parse(text));
      expect(Object.keys(value as object)).toEqual(['a', 'b']);
    });
  });

  describe('deep nesting', () => {
    const depth = 100_000;

    /** How many arrays or single-key objects are nested in `value`, counted without recursion. */
    function nestingDepth(value: unknown): number {
      let levels = 0;
      let current = value;
      while (typeof current === 'object' && current !== null) {
        current = Array.isArray(current) ? current[0] : (current as { a: unknown }).a;
        levels++;
      }
      return levels;
    }

    function eightCharacterDeltas(text: string): string[] {
      const deltas: string[] = [];
      for (let start = 0; start < text.length; start += 8)
        deltas.push(text.slice(start, start + 8));
      return deltas;
    }

    it(`parses ${depth.toLocaleString('en')} nested arrays and objects without overflowing the stack`, () => {
      const arrays = `${'['.repeat(depth)}${']'.repeat(depth)}`;
      expect(nestingDepth(parseChunks(eightCharacterDeltas(arrays)))).toBe(depth);
      const objects = `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
      expect(nestingDepth(parseChunks(eightCharacterDeltas(objects)))).toBe(depth);
    });

    it('reports deep text that never closes as incomplete', () => {
      const error = thrownBy(() => parseChunks(['['.repeat(depth)]));
      expect((error as JsonStreamError).position).toBe(depth);
    });
  });

  describe('errors', () => {
    it.each<[string, number]>([
      ['{"a" 1}', 5],
      ['{"a": 1,}', 8],
      ['[1,]', 3],
      ['[1 2]', 3],
      ['{"a": 1]', 7],
      ['[1}', 2],
      ['{1: 2}', 1],
      ['{"a": }', 6],
      ['[,1]', 1],
      ['tru e', 3],
      ['nul', 3],
      ['{"a": falsy}', 10],
      ['{"a" : "b"', 10],
      ['"abc', 4],
      ['"abc\\u00', 8],
      ['[1, [2, {"x": ', 14],
      ['', 0],
      ['  \n', 3],
      [']', 0],
      ['}', 0],
      ['undefined', 0],
    ])('rejects %j with the position of the fault (%d)', (text, position) => {
      expect(() => JSON.parse(text) as unknown).toThrow(SyntaxError);
      for (const chunks of [[text], [...text]]) {
        const error = thrownBy(() => parseChunks(chunks));
        expect(JsonStreamError.isInstance(error)).toBe(true);
        expect(error).toMatchObject({ name: 'JsonStreamError', position });
        expect((error as Error).message).toContain(`position ${position}`);
      }
    });

    it('stays unusable after an error: every later call throws the same error', () => {
      const parser = new IncrementalJsonParser();
      const error = thrownBy(() => parser.write('[1, x'));
      expect(() => parser.write(']')).toThrow(error as Error);
      expect(() => parser.end()).toThrow(error as Error);
      const incomplete = new IncrementalJsonParser();
      incomplete.write('[1');
      const ended = thrownBy(() => incomplete.end());
      expect(ended).toBeInstanceOf(JsonStreamError);
      expect(thrownBy(() => incomplete.end())).toBe(ended);
    });

    it('returns the same value from repeated end() calls and refuses writes after end()', () => {
      const parser = new IncrementalJsonParser();
      parser.write('{"a": 1}');
      const value = parser.end();
      expect(parser.end()).toBe(value);
      expect(() => parser.write(' ')).toThrow(ConfigurationError);
      expect(() => new IncrementalJsonParser().write(5 as unknown as string)).toThrow(
        ConfigurationError,
      );
    });
  });
});
