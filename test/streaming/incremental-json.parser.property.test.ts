import { isDeepStrictEqual } from 'node:util';
import * as fc from 'fast-check';
import { stripDangerousKeys } from '../../src/internal';
import { IncrementalJsonParser, JsonStreamError } from '../../src/streaming';
import {
  HOSTILE_KEYS,
  jsonNode,
  jsonText,
  key,
  renderJson,
  streamed,
  type JsonNode,
} from './json-text.arbitraries';
import { cloneJson, prefixMismatch } from './partial-value.checks';

// Each property is bounded so the file runs in a few seconds; FC_NUM_RUNS raises them for a soak.
const NUM_RUNS = Number(process.env.FC_NUM_RUNS ?? 300);

/** What JSON.parse makes of `text` (dangerous keys removed), or 'throws'. */
function jsonParseOutcome(text: string): { value: unknown } | 'throws' {
  try {
    return { value: stripDangerousKeys(JSON.parse(text)) };
  } catch {
    return 'throws';
  }
}

/** The value at `path` (object keys) below `root`. */
function valueAt(root: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>((current, name) => (current as Record<string, unknown>)[name], root);
}

describe('IncrementalJsonParser (properties)', () => {
  it('ends with JSON.parse’s value, showing only prefixes of it, and reports every visible change', () => {
    fc.assert(
      fc.property(streamed(jsonText), ({ text, deltas }) => {
        const expected = (jsonParseOutcome(text) as { value: unknown }).value;
        const parser = new IncrementalJsonParser();
        let previous: unknown = undefined;
        for (const delta of deltas) {
          const changed = parser.write(delta);
          const snapshot = cloneJson(parser.value);
          expect(prefixMismatch(snapshot, expected)).toBeUndefined();
          expect(changed).toBe(!isDeepStrictEqual(snapshot, previous));
          previous = snapshot;
        }
        const value = parser.end();
        expect(value).toStrictEqual(expected);
        expect(value).toBe(parser.value);
        expect(parser.complete).toBe(true);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  const assignableKey = key.filter((name) => !HOSTILE_KEYS.slice(0, 3).includes(name));

  /** A text with an array at `path`, among sibling keys at every level (some hostile). */
  const listDocument = fc
    .record({
      items: fc.array(jsonNode, { maxLength: 6 }),
      path: fc.array(assignableKey, { maxLength: 3 }),
      levels: fc.array(
        fc.record({
          siblings: fc.uniqueArray(fc.tuple(key, jsonNode), {
            selector: ([name]) => name,
            maxLength: 3,
          }),
          at: fc.nat(3),
        }),
        { minLength: 3, maxLength: 3 },
      ),
      seed: fc.integer(),
    })
    .map(({ items, path, levels, seed }) => {
      let tree: JsonNode = { kind: 'array', items };
      for (let depth = path.length - 1; depth >= 0; depth--) {
        const { siblings, at } = levels[depth]!;
        const entries = siblings.filter(([name]) => name !== path[depth]);
        entries.splice(Math.min(at, entries.length), 0, [path[depth]!, tree]);
        tree = { kind: 'object', entries };
      }
      return { path, text: renderJson(tree, seed) };
    });

  it('reports each element of the array at elementsAt once, complete, before the next one starts', () => {
    const document = listDocument.chain(({ path, text }) =>
      streamed(fc.constant(text)).map((streamedText) => ({ path, ...streamedText })),
    );
    fc.assert(
      fc.property(document, ({ path, text, deltas }) => {
        const expected = valueAt(
          (jsonParseOutcome(text) as { value: unknown }).value,
          path,
        ) as unknown[];
        const reports: { value: unknown; index: number; shown: boolean }[] = [];
        const parser = new IncrementalJsonParser({
          elementsAt: path,
          onElement: (value, index) => {
            const list = valueAt(parser.value, path) as unknown[];
            const shown = list.length === index + 1 && list[index] === value;
            reports.push({ value: cloneJson(value), index, shown });
          },
        });
        for (const delta of deltas) parser.write(delta);
        parser.end();
        expect(reports.map((report) => report.value)).toStrictEqual(expected);
        expect(reports.map((report) => report.index)).toEqual(expected.map((_, index) => index));
        expect(reports.every((report) => report.shown)).toBe(true);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  interface Mutation {
    kind: 'delete' | 'insert' | 'replace';
    at: number;
    character: string;
  }
  const mutation: fc.Arbitrary<Mutation> = fc.record({
    kind: fc.constantFrom('delete' as const, 'insert' as const, 'replace' as const),
    at: fc.nat(),
    character: fc.constantFrom(
      ...'{}[]:,"\\/ \t\n\r0123456789-+.eEtrufalsnbxu',
      '\u0000',
      '\u001f',
      '\u000b',
      '\u00a0',
      '\u2028',
      '\ufeff',
      '\ud83d',
    ),
  });

  /** `text` with characters deleted, inserted or replaced. */
  function mutate(text: string, mutations: readonly Mutation[]): string {
    let mutated = text;
    for (const { kind, at, character } of mutations) {
      const index = at % (mutated.length + 1);
      const removed = kind === 'insert' ? 0 : 1;
      mutated =
        mutated.slice(0, index) +
        (kind === 'delete' ? '' : character) +
        mutated.slice(index + removed);
    }
    return mutated;
  }

  it('throws exactly when JSON.parse throws, at the position JSON.parse names', () => {
    const texts = fc
      .tuple(jsonText, fc.array(mutation, { minLength: 1, maxLength: 3 }))
      .map(([text, mutations]) => mutate(text, mutations));
    fc.assert(
      fc.property(streamed(texts), ({ text, deltas }) => {
        const expected = jsonParseOutcome(text);
        let outcome: { value: unknown } | JsonStreamError;
        try {
          const parser = new IncrementalJsonParser();
          for (const delta of deltas) parser.write(delta);
          outcome = { value: parser.end() };
        } catch (error) {
          expect(error).toBeInstanceOf(JsonStreamError);
          outcome = error as JsonStreamError;
        }
        if (expected === 'throws') {
          expect(outcome).toBeInstanceOf(JsonStreamError);
          const { position } = outcome as JsonStreamError;
          expect(position).toBeGreaterThanOrEqual(0);
          expect(position).toBeLessThanOrEqual(text.length);
          const named = /at position (\d+)/.exec(thrownByJsonParse(text))?.[1];
          if (named !== undefined) expect(position).toBe(Number(named));
        } else {
          expect(outcome).toStrictEqual(expected);
        }
      }),
      { numRuns: NUM_RUNS * 3 },
    );
  });

  it('finds the value among chat before it and anything after it when both are allowed', () => {
    const chat = fc.string({ maxLength: 20 }).filter((text) => !/[[{]/.test(text));
    const document = fc
      .tuple(
        chat,
        jsonText.filter((text) => /^\s*[[{]/.test(text)),
        fc.string({ maxLength: 20 }),
      )
      .map(([before, text, after]) => ({ before, text, after }));
    fc.assert(
      fc.property(
        document.chain((parts) =>
          streamed(fc.constant(parts.before + parts.text + parts.after)).map((streamedText) => ({
            ...parts,
            deltas: streamedText.deltas,
          })),
        ),
        ({ text, deltas }) => {
          const parser = new IncrementalJsonParser({
            allowLeadingText: true,
            allowTrailingText: true,
          });
          for (const delta of deltas) parser.write(delta);
          expect(parser.end()).toStrictEqual((jsonParseOutcome(text) as { value: unknown }).value);
        },
      ),
      { numRuns: NUM_RUNS },
    );
  });
});

/** JSON.parse's error message for `text`, which must be invalid. */
function thrownByJsonParse(text: string): string {
  try {
    JSON.parse(text);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`JSON.parse accepted ${text}`);
}
