import * as fc from 'fast-check';
import { deepText, objectText, stringText, type Member } from './json-text';

// Texts a model writes where the response model's JSON goes: tool arguments and message content.
// The fixture `User` is `{ name: string; age: integer >= 0 }`.

/** A value text whose key, under `__proto__`, would pollute every object with `polluted`. */
export const POLLUTING_VALUE = '{"polluted":"yes"}';

/** Keys that must never reach a prototype, and keys that shadow `Object.prototype`'s names. */
export const HOSTILE_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'isPrototypeOf',
] as const;

/** JSON nested past what a recursive walk survives, or just a little. */
export const deepJsonText: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom('arrays', 'objects', 'mixed' as const), fc.constantFrom(8, 3_000, 12_000))
  .map(([shape, depth]) => deepText(shape, depth));

/** Any JSON value, as text. */
export const anyJsonText: fc.Arbitrary<string> = fc.json({ maxDepth: 3 });

const extraMember: fc.Arbitrary<Member> = fc.tuple(
  fc.oneof(
    fc.constantFrom(...HOSTILE_KEYS, 'extra', 'Name', 'AGE', ''),
    fc.string({ maxLength: 6 }),
  ),
  fc.oneof(
    { weight: 3, arbitrary: anyJsonText },
    { weight: 2, arbitrary: fc.constant(POLLUTING_VALUE) },
    { weight: 1, arbitrary: fc.constant(`{"prototype":${POLLUTING_VALUE}}`) },
    { weight: 1, arbitrary: deepJsonText },
  ),
);
const extraMembers = fc.array(extraMember, { maxLength: 3 });

const nameText = fc.string({ maxLength: 12 }).map(stringText);
// Every one of these parses to an integer >= 0 (`-0` included; 2^53 + 1 rounds to 2^53).
const ageText = fc.oneof(
  { weight: 4, arbitrary: fc.nat(200).map(String) },
  { weight: 1, arbitrary: fc.constantFrom('25.0', '-0', '1e2', '0', '9007199254740993') },
);
const badNameText = fc.oneof(
  fc.constantFrom('null', '42', 'true', '["a"]', '{"a":1}'),
  deepJsonText,
);
const badAgeText = fc.oneof(
  fc.constantFrom('-1', '2.5', '"25"', 'null', '1e400', '-1e400', '[25]', '{}', 'true', '-0.5'),
  deepJsonText,
);

/** A `User` that validates, extra keys (hostile ones too) around it, sometimes a bad duplicate first. */
export const validUserText: fc.Arbitrary<string> = fc
  .record({
    name: nameText,
    age: ageText,
    before: extraMembers,
    after: extraMembers,
    shadowedBadAge: fc.boolean(),
    ageFirst: fc.boolean(),
  })
  .map(({ name, age, before, after, shadowedBadAge, ageFirst }) => {
    // JSON.parse keeps the last of duplicate keys: the bad age first is overwritten.
    const fields: Member[] = ageFirst
      ? [
          ['age', age],
          ['name', name],
        ]
      : [
          ['name', name],
          ['age', age],
        ];
    return objectText([
      ...(shadowedBadAge ? [['age', '-1'] as const] : []),
      ...before,
      ...fields,
      ...after,
    ]);
  });

/** A `User` that does not validate: a field missing, of the wrong type, or overwritten by a bad duplicate. */
export const invalidUserText: fc.Arbitrary<string> = fc
  .tuple(
    fc.oneof(
      fc.tuple(badNameText, ageText).map(([name, age]): Member[] => [
        ['name', name],
        ['age', age],
      ]),
      fc.tuple(nameText, badAgeText).map(([name, age]): Member[] => [
        ['name', name],
        ['age', age],
      ]),
      nameText.map((name): Member[] => [['name', name]]),
      ageText.map((age): Member[] => [['age', age]]),
      fc.tuple(nameText, ageText).map(([name, age]): Member[] => [
        ['name', name],
        ['age', age],
        ['age', '"late"'],
      ]),
    ),
    extraMembers,
  )
  .map(([fields, extras]) => objectText([...extras, ...fields]));

/** Text that is not JSON: noise, a valid answer cut short, JavaScript-isms. */
export const brokenJsonText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc
    .tuple(validUserText, fc.double({ min: 0, max: 1, noNaN: true }))
    .map(([text, at]) => text.slice(0, Math.floor(at * (text.length - 1)))),
  fc.constantFrom('', '{"name":"J","age":25,}', "{'name':'J','age':25}", '{"name":"J" "age":25}'),
);

/** Any text a model may put where the JSON goes, valid answers most often. */
export const payloadText: fc.Arbitrary<string> = fc.oneof(
  { weight: 10, arbitrary: validUserText },
  { weight: 3, arbitrary: invalidUserText },
  { weight: 1, arbitrary: anyJsonText },
  { weight: 1, arbitrary: brokenJsonText },
  { weight: 1, arbitrary: deepJsonText },
);

/** Like `payloadText`, but always JSON: what fits raw into a JSON body. */
export const payloadJsonText: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: validUserText },
  { weight: 3, arbitrary: invalidUserText },
  { weight: 1, arbitrary: anyJsonText },
  { weight: 1, arbitrary: deepJsonText },
);

const prose = fc.string({ unit: fc.constantFrom(...'Here is it.:\n '), maxLength: 14 });

/** Markdown answers: a fenced block (tag json, JSON, js or none), bare JSON in prose, or noise. */
export const markdownText: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .tuple(prose, fc.constantFrom('json', 'JSON', 'js', ''), payloadText, prose)
      .map(([before, tag, payload, after]) => `${before}\`\`\`${tag}\n${payload}\n\`\`\`${after}`),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(prose, payloadText, prose)
      .map(([before, payload, after]) => `${before}${payload}${after}`),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
);
