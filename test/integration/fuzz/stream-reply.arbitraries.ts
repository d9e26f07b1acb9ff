import * as fc from 'fast-check';
import { Mode } from '../../../src';
import type { ReplyPlan } from './call-scenario';
import { usageText } from './completion.arbitraries';
import { deepText, objectText, type Member } from './json-text';
import {
  anyJsonText,
  brokenJsonText,
  invalidUserText,
  POLLUTING_VALUE,
  validUserText,
} from './payload.arbitraries';
import type {
  Chunking,
  MalformedEvent,
  NoiseChunk,
  StreamFault,
  StreamMessage,
  StreamReply,
  StreamToolCall,
} from './stream-reply';
import type { StreamMethod } from './stream-verdict';

// Streamed replies: what the model writes (a User for createPartial, a `{ "items": [...] }` list
// for createIterable, odd at every level), cut into random pieces, broken now and then.

// Replies are re-read once per chunk by the oracle: keep them short (no 12,000-deep nesting here).
const bounded = (text: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  text.filter((value) => value.length <= 700);

const SHORT_ESCAPES: Readonly<Record<string, string>> = {
  '"': '\\"',
  '\\': '\\\\',
  '/': '\\/',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

/**
 * A JSON string literal of `text`, each code unit written raw, as a short escape or as a `\u`
 * escape (lower or upper case hex), as `styles` say in turn: pieces then end inside escapes, and
 * the two halves of a surrogate pair may be written differently.
 */
export function escapedLiteral(text: string, styles: readonly number[]): string {
  let out = '"';
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    const unit = text.charCodeAt(index);
    const style = styles.length === 0 ? 0 : styles[index % styles.length]!;
    const mustEscape = unit < 0x20 || char === '"' || char === '\\';
    const short = SHORT_ESCAPES[char];
    if (style === 0 && !mustEscape) out += char;
    else if (style === 1 && short !== undefined) out += short;
    else {
      const hex = unit.toString(16).padStart(4, '0');
      out += `\\u${style === 3 ? hex.toUpperCase() : hex}`;
    }
  }
  return `${out}"`;
}

// Every one of these parses to an integer >= 0.
const ageText = fc.oneof(
  { weight: 4, arbitrary: fc.nat(100_000).map(String) },
  {
    weight: 2,
    arbitrary: fc.constantFrom('25.0', '-0', '1e2', '0', '2.5E+1', '100e-2', '9007199254740993'),
  },
);

const styles = fc.array(fc.nat(3), { maxLength: 6 });
const space = fc.constantFrom('', '', ' ', '\n  ', '\t');

/** A valid User whose name has any code points, written with escapes, and keys written with escapes now and then. */
export const escapedUserText: fc.Arbitrary<string> = fc
  .record({
    name: fc.string({ unit: 'binary', maxLength: 8 }),
    nameStyles: styles,
    keyStyles: fc.oneof({ weight: 3, arbitrary: fc.constant([]) }, styles),
    age: ageText,
    space,
    ageFirst: fc.boolean(),
    // The last key again, with the same value (JSON.parse keeps the last of duplicates).
    repeatLast: fc.oneof({ weight: 5, arbitrary: fc.constant(false) }, fc.constant(true)),
  })
  .map(({ name, nameStyles, keyStyles, age, space: gap, ageFirst, repeatLast }) => {
    const member = (key: string, value: string): string =>
      `${gap}${escapedLiteral(key, keyStyles)}${gap}:${gap}${value}${gap}`;
    const members = [member('name', escapedLiteral(name, nameStyles)), member('age', age)];
    if (ageFirst) members.reverse();
    if (repeatLast) members.push(members.at(-1)!);
    return `{${members.join(',')}}`;
  });

/** What createPartial's model writes where the User's JSON goes. */
export const streamUserText: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: bounded(validUserText) },
  { weight: 6, arbitrary: escapedUserText },
  { weight: 3, arbitrary: bounded(invalidUserText) },
  { weight: 1, arbitrary: anyJsonText },
  { weight: 1, arbitrary: bounded(brokenJsonText) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom('arrays', 'objects', 'mixed' as const), fc.constantFrom(4, 40))
      .map(([shape, depth]) => deepText(shape, depth)),
  },
);

export const elementText = fc.oneof(
  { weight: 6, arbitrary: bounded(validUserText) },
  { weight: 4, arbitrary: escapedUserText },
  { weight: 2, arbitrary: bounded(invalidUserText) },
  { weight: 1, arbitrary: fc.constantFrom('42', '"x"', 'null', '[]', '{}', 'true', '-1.5e3') },
);

const listExtra = fc.constantFrom<Member>(
  ['note', '"a list"'],
  ['count', '3'],
  ['__proto__', POLLUTING_VALUE],
  ['constructor', `{"prototype":${POLLUTING_VALUE}}`],
  ['more', '[1,{"items":[2]}]'],
);

type ListShape = 'whole' | 'cut' | 'missing-comma' | 'items-object' | 'root-array' | 'other-key';

/** What createIterable's model writes: `{ "items": [...] }` with elements valid or not, or a broken list. */
export const listText: fc.Arbitrary<string> = fc
  .record({
    elements: fc.oneof(
      { weight: 6, arbitrary: fc.array(elementText, { minLength: 1, maxLength: 6 }) },
      { weight: 1, arbitrary: fc.constant([]) },
    ),
    before: fc.array(listExtra, { maxLength: 2 }),
    after: fc.array(listExtra, { maxLength: 2 }),
    separator: fc.constantFrom(',', ', ', ',\n  '),
    shape: fc.oneof(
      { weight: 14, arbitrary: fc.constant<ListShape>('whole') },
      {
        weight: 1,
        arbitrary: fc.constantFrom<ListShape>(
          'cut',
          'missing-comma',
          'items-object',
          'root-array',
          'other-key',
        ),
      },
    ),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
  })
  .map(({ elements, before, after, separator, shape, at }) => {
    const list = (key: string, joined: string): string =>
      objectText([...before, [key, `[${joined}]`], ...after]);
    const joined = elements.join(separator);
    if (shape === 'root-array') return `[${joined}]`;
    if (shape === 'other-key') return list('Items', joined);
    if (shape === 'items-object') return objectText([['items', `{"0":${elements[0] ?? '{}'}}`]]);
    if (shape === 'missing-comma' && elements.length > 1) {
      const gap = 1 + Math.floor(at * (elements.length - 1));
      const broken = `${elements.slice(0, gap).join(separator)} ${elements.slice(gap).join(separator)}`;
      return list('items', broken);
    }
    const whole = list('items', joined);
    return shape === 'whole' ? whole : whole.slice(0, Math.floor(at * whole.length));
  });

const prose = fc.string({ unit: fc.constantFrom(...'Here is it.:\n '), maxLength: 14 });

/** Markdown around a payload: a fenced block (tag json, JSON, js or none), bare JSON in prose, or noise. */
function markdownOf(payload: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.oneof(
    {
      weight: 4,
      arbitrary: fc
        .tuple(prose, fc.constantFrom('json', 'JSON', 'js', ''), payload, prose)
        .map(([before, tag, text, after]) => `${before}\`\`\`${tag}\n${text}\n\`\`\`${after}`),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(prose, payload, prose)
        .map(([before, text, after]) => `${before}${text}${after}`),
    },
    { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
  );
}

const TOOL_MODES: readonly Mode[] = [Mode.TOOLS, Mode.TOOLS_STRICT];

/** PARALLEL_TOOLS: one call per element (a few of another tool, or cut short), or text only. */
function parallelMessage(): fc.Arbitrary<Partial<StreamMessage>> {
  const call = fc.tuple(
    fc.oneof({ weight: 12, arbitrary: fc.constant('User') }, fc.constantFrom('user', 'Other')),
    fc.oneof(
      { weight: 12, arbitrary: elementText },
      { weight: 1, arbitrary: elementText.map((text) => text.slice(0, -1)) },
      { weight: 1, arbitrary: elementText.map((text) => `Here: ${text}`) },
    ),
  );
  return fc.oneof(
    {
      weight: 12,
      arbitrary: fc
        .array(call, { minLength: 1, maxLength: 5 })
        .map((calls): Partial<StreamMessage> => ({
          toolCalls: calls.map(([name, args], index) => ({
            id: `call_${index}`,
            name,
            arguments: args,
          })),
        })),
    },
    { weight: 1, arbitrary: listText.map((content): Partial<StreamMessage> => ({ content })) },
  );
}

/** What the model writes for one streamed reply of `method` in `mode`, before chunking. */
export function streamMessage(method: StreamMethod, mode: Mode): fc.Arbitrary<StreamMessage> {
  const tools = TOOL_MODES.includes(mode);
  const target = method === 'partial' ? 'User' : 'UserList';
  const payload = method === 'partial' ? streamUserText : listText;
  const name = fc.oneof(
    { weight: 12, arbitrary: fc.constant(target) },
    { weight: 1, arbitrary: fc.constantFrom(target.toLowerCase(), 'Other') },
  );
  const calls = (count: number): fc.Arbitrary<StreamToolCall[]> =>
    fc.array(fc.tuple(name, payload), { minLength: count, maxLength: count }).map((list) =>
      list.map(([callName, args], index) => ({
        id: `call_${index}`,
        name: callName,
        arguments: args,
      })),
    );
  const text =
    mode === Mode.MD_JSON
      ? markdownOf(payload)
      : fc.oneof({ weight: 4, arbitrary: payload }, { weight: 1, arbitrary: markdownOf(payload) });
  const body =
    mode === Mode.PARALLEL_TOOLS
      ? parallelMessage()
      : fc.oneof(
          {
            weight: tools ? 16 : 2,
            arbitrary: calls(1).map((toolCalls): Partial<StreamMessage> => ({ toolCalls })),
          },
          {
            weight: 1,
            arbitrary: calls(2).map((toolCalls): Partial<StreamMessage> => ({ toolCalls })),
          },
          {
            // Another tool's call first, then the answer: only the answer is read.
            weight: tools ? 1 : 0,
            arbitrary: fc
              .tuple(fc.constantFrom('{}', '{"note":"first"}', '{"items":[]}'), payload)
              .map(([other, args]): Partial<StreamMessage> => ({
                toolCalls: [
                  { id: 'call_0', name: 'Other', arguments: other },
                  { id: 'call_1', name: target, arguments: args },
                ],
              })),
          },
          {
            weight: tools ? 2 : 16,
            arbitrary: text.map((content): Partial<StreamMessage> => ({ content })),
          },
          {
            weight: 1,
            arbitrary: fc
              .string({ unit: 'binary', minLength: 1, maxLength: 20 })
              .map((refusal): Partial<StreamMessage> => ({ refusal })),
          },
        );
  return fc.tuple(body, fc.nat(99), usageText).map(([parts, roll, usage]) => {
    const usual = parts.toolCalls ? 'tool_calls' : 'stop';
    const finishReason: StreamMessage['finishReason'] =
      roll < 84
        ? usual
        : roll < 88
          ? 'length'
          : roll < 92
            ? null
            : roll < 96
              ? 'content_filter'
              : usual === 'stop'
                ? 'tool_calls'
                : 'stop';
    return { ...parts, finishReason, ...(usage === undefined ? {} : { usage }) };
  });
}

const NOISE_CHUNKS: readonly NoiseChunk[] = [
  'empty-delta',
  'no-choices',
  'null-content',
  'empty-content',
  'role-again',
  'empty-tool-calls',
];

/** Random piece lengths (1-40 code units, or 1-3 to cut nearly everywhere), framing and extra chunks. */
export const chunking: fc.Arbitrary<Chunking> = fc.record({
  pieceLengths: fc.oneof(
    {
      weight: 3,
      arbitrary: fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 6 }),
    },
    {
      weight: 2,
      arbitrary: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 4 }),
    },
  ),
  roleChunk: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, fc.constant(false)),
  argumentsInHeader: fc.boolean(),
  nameInEveryDelta: fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, fc.constant(true)),
  callIndexes: fc.oneof(
    { weight: 6, arbitrary: fc.constant('distinct' as const) },
    fc.constantFrom('zero', 'absent' as const),
  ),
  finishOnLastDelta: fc.oneof({ weight: 3, arbitrary: fc.constant(false) }, fc.constant(true)),
  usageIn: fc.constantFrom('own-chunk', 'own-chunk', 'finish-chunk' as const),
  nullUsage: fc.boolean(),
  noise: fc.array(fc.record({ at: fc.nat(300), chunk: fc.constantFrom(...NOISE_CHUNKS) }), {
    maxLength: 3,
  }),
  comments: fc.array(fc.nat(300), { maxLength: 2 }),
  done: fc.oneof({ weight: 6, arbitrary: fc.constant(true) }, fc.constant(false)),
  lineEnding: fc.oneof(
    { weight: 5, arbitrary: fc.constant('\n' as const) },
    fc.constant('\r\n' as const),
  ),
});

const MALFORMED_EVENTS: readonly MalformedEvent[] = [
  'not-json',
  'cut-json',
  'number',
  'string',
  'null',
  'error-object',
  'empty-data',
];

/** Mostly none; a connection dropped at a random point; a malformed event at a random place. */
export const streamFault: fc.Arbitrary<StreamFault> = fc.oneof(
  { weight: 16, arbitrary: fc.constant<StreamFault>({ kind: 'none' }) },
  {
    weight: 2,
    arbitrary: fc
      .double({ min: 0, max: 1, maxExcluded: true, noNaN: true })
      .map((at): StreamFault => ({ kind: 'hang-up', at })),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(...MALFORMED_EVENTS))
      .map(([at, event]): StreamFault => ({ kind: 'malformed', at, event })),
  },
);

/** A streamed reply plan for `method` in `mode`. */
export function streamReplyPlan(method: StreamMethod, mode: Mode): fc.Arbitrary<ReplyPlan> {
  return fc
    .record({ message: streamMessage(method, mode), chunking, fault: streamFault })
    .map((stream: StreamReply): ReplyPlan => ({ kind: 'stream', stream }));
}
