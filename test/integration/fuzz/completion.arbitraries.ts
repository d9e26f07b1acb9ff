import * as fc from 'fast-check';
import type { CompletionUsage } from 'openai/resources/completions';
import { Mode } from '../../../src';
import type { GeneratedReply, ScriptedFinishReason } from '../../../src/testing';
import { arrayText, objectText, stringText, type Member } from './json-text';
import {
  anyJsonText,
  deepJsonText,
  HOSTILE_KEYS,
  markdownText,
  payloadJsonText,
  payloadText,
  POLLUTING_VALUE,
} from './payload.arbitraries';

// Chat completion bodies, from well formed to hostile. Each level is well formed most of the time,
// so that a reply as a whole is still often usable; the odd shapes show up at every level.

const absent = fc.constant(undefined);

/** Usually `usual`; otherwise one of `odd`, each as likely as the others. */
function mostly<T>(usual: fc.Arbitrary<T>, ...odd: fc.Arbitrary<T>[]): fc.Arbitrary<T> {
  return fc.oneof(
    { weight: 6 * odd.length, arbitrary: usual },
    ...odd.map((arbitrary) => ({ weight: 1, arbitrary })),
  );
}

const constant = (text: string): fc.Arbitrary<string> => fc.constant(text);

const countText = mostly(
  fc.nat(1000).map(String),
  constant('"10"'),
  constant('null'),
  constant('-5'),
  constant('1.5'),
  absent,
);

const detailsText = fc.oneof(
  { weight: 4, arbitrary: absent },
  {
    weight: 3,
    arbitrary: fc
      .array(
        fc.tuple(
          fc.constantFrom(...HOSTILE_KEYS, 'cached_tokens', 'reasoning_tokens', 'audio_tokens'),
          fc.oneof(
            fc.nat(50).map(String),
            constant('"x"'),
            constant('null'),
            constant(POLLUTING_VALUE),
          ),
        ),
        { maxLength: 4 },
      )
      .map(objectText),
  },
  { weight: 1, arbitrary: fc.constantFrom('null', '"x"', '[3]') },
);

/** `usage`: counts, odd counts, detail objects keyed like `Object.prototype`, or not an object. */
export const usageText: fc.Arbitrary<string | undefined> = mostly(
  fc
    .tuple(countText, countText, countText, detailsText, detailsText)
    .map(([prompt, completion, total, promptDetails, completionDetails]) =>
      objectText([
        ['prompt_tokens', prompt],
        ['completion_tokens', completion],
        ['total_tokens', total],
        ['prompt_tokens_details', promptDetails],
        ['completion_tokens_details', completionDetails],
      ]),
    ),
  absent,
  constant('null'),
  constant('"usage"'),
  constant('[1,2]'),
);

const argumentsText = fc.oneof(
  { weight: 16, arbitrary: payloadText.map(stringText) },
  { weight: 3, arbitrary: payloadJsonText }, // sent already parsed (some compatible servers)
  { weight: 1, arbitrary: absent },
  { weight: 1, arbitrary: fc.constantFrom('null', '42') },
);

const toolNameText = mostly(
  constant('"User"'),
  constant('"user"'),
  constant('"User "'),
  constant('"Other"'),
  constant('""'),
  constant('7'),
);

const functionText = mostly(
  fc.tuple(toolNameText, argumentsText).map(([name, args]) =>
    objectText([
      ['name', name],
      ['arguments', args],
    ]),
  ),
  constant('null'),
  constant('"User"'),
  absent,
);

const toolCallText = fc
  .tuple(
    mostly(
      fc.string({ minLength: 1, maxLength: 12 }).map(stringText),
      constant('""'),
      constant('42'),
      constant('null'),
      absent,
    ),
    mostly(constant('"function"'), constant('"custom"'), constant('"Function"'), absent),
    functionText,
  )
  .map(([id, type, fn]) =>
    objectText([
      ['id', id],
      ['type', type],
      ['function', fn],
    ]),
  );

const toolCallsText = mostly(
  toolCallText.map((call) => arrayText([call])),
  fc.array(toolCallText, { minLength: 2, maxLength: 3 }).map(arrayText),
  fc.array(toolCallText, { minLength: 2, maxLength: 3 }).map(arrayText),
  absent,
  fc.constantFrom('null', '{}', '"x"', '[]'),
);

/** `message.content`: JSON answers, markdown, noise, or any JSON type at all. */
const contentText = fc.oneof(
  { weight: 5, arbitrary: payloadText.map(stringText) },
  { weight: 3, arbitrary: markdownText.map(stringText) },
  { weight: 2, arbitrary: constant('null') },
  { weight: 1, arbitrary: anyJsonText },
  { weight: 1, arbitrary: absent },
  {
    weight: 1,
    arbitrary: constant(`[{"type":"text","text":${stringText('{"name":"J","age":2}')}}]`),
  },
);

const refusalText = fc.oneof(
  { weight: 20, arbitrary: absent },
  { weight: 8, arbitrary: constant('null') },
  { weight: 2, arbitrary: fc.string({ minLength: 1, maxLength: 30 }).map(stringText) },
  { weight: 1, arbitrary: fc.constantFrom('""', '0', 'false', '{"reason":"no"}') },
  { weight: 1, arbitrary: deepJsonText },
);

const hostileMembers = fc.array(
  fc.constantFrom<Member>(
    ['__proto__', POLLUTING_VALUE],
    ['constructor', `{"prototype":${POLLUTING_VALUE}}`],
  ),
  { maxLength: 1 },
);

const messageText = mostly(
  fc
    .tuple(
      mostly(constant('"assistant"'), constant('"user"'), absent),
      contentText,
      refusalText,
      toolCallsText,
      hostileMembers,
    )
    .map(([role, content, refusal, toolCalls, hostile]) =>
      objectText([
        ['role', role],
        ['content', content],
        ['refusal', refusal],
        ['tool_calls', toolCalls],
        ...hostile,
      ]),
    ),
  fc.constantFrom('null', '"assistant"'),
  absent,
);

const finishReasonText = mostly(
  fc.constantFrom('"stop"', '"tool_calls"'),
  constant('"length"'),
  fc.constantFrom('"content_filter"', '"function_call"'),
  constant('null'),
  absent,
  fc.string({ maxLength: 8 }).map(stringText),
);

const choiceText = mostly(
  fc.tuple(messageText, finishReasonText).map(([message, finishReason]) =>
    objectText([
      ['index', '0'],
      ['message', message],
      ['finish_reason', finishReason],
      ['logprobs', 'null'],
    ]),
  ),
  fc.constantFrom('null', '7'),
);

const choicesText = mostly(
  choiceText.map((choice) => arrayText([choice])),
  fc.array(choiceText, { minLength: 2, maxLength: 2 }).map(arrayText),
  fc.constantFrom('[]', 'null', '"choices"', '{}', '42'),
  absent,
);

/** A `chat.completion` body as text, odd or hostile at any level. */
export const completionBodyText: fc.Arbitrary<string> = fc
  .tuple(
    mostly(fc.string({ maxLength: 10 }).map(stringText), constant('5'), absent),
    choicesText,
    usageText,
    hostileMembers,
  )
  .map(([id, choices, usage, hostile]) =>
    objectText([
      ['id', id],
      ['object', '"chat.completion"'],
      ['created', '1'],
      ['model', '"gpt-4.1-mini"'],
      ['choices', choices],
      ['usage', usage],
      ...hostile,
    ]),
  );

const scriptedCall = fc.record({
  name: mostly(fc.constant('User'), fc.constantFrom('user', 'Other')),
  arguments: payloadText,
});

const scriptedOptions = fc.record(
  {
    finishReason: fc.constantFrom<ScriptedFinishReason>('length', 'stop', 'content_filter'),
    usage: usageText
      .filter((text): text is string => text !== undefined)
      .map((text) => JSON.parse(text) as CompletionUsage),
  },
  { requiredKeys: [] },
);

/**
 * FakeOpenAIServer's own completion scripts: well formed envelopes whose payload varies, shaped
 * for `mode` most of the time (a tool call for tool modes, text for the others). The options
 * (finish reason, usage) are present in a few of them only.
 */
export function generatedReply(mode: Mode): fc.Arbitrary<GeneratedReply> {
  const toolModes = mode === Mode.TOOLS || mode === Mode.TOOLS_STRICT;
  const text = mode === Mode.MD_JSON ? markdownText : fc.oneof(payloadText, markdownText);
  return fc
    .tuple(
      fc.oneof(
        {
          weight: toolModes ? 16 : 3,
          arbitrary: scriptedCall.map((toolCall): GeneratedReply => ({ toolCall })),
        },
        {
          weight: 2,
          arbitrary: fc
            .array(scriptedCall, { minLength: 2, maxLength: 3 })
            .map((toolCalls): GeneratedReply => ({ toolCalls })),
        },
        {
          weight: toolModes ? 3 : 16,
          arbitrary: text.map((content): GeneratedReply => ({ content })),
        },
        { weight: 1, arbitrary: fc.string({ maxLength: 20 }).map((refusal) => ({ refusal })) },
      ),
      fc.oneof(
        { weight: 8, arbitrary: fc.constant({}) },
        { weight: 1, arbitrary: scriptedOptions },
      ),
    )
    .map(([reply, options]) => ({ ...reply, ...options }));
}
