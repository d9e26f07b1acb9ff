import * as fc from 'fast-check';
import { HookName, type Mode } from '../../../src';
import {
  CREATE_MODES,
  printable,
  type AbortEvent,
  type CallScenario,
  type ReplyPlan,
  type TransportFault,
} from './call-scenario';
import { completionBodyText, generatedReply } from './completion.arbitraries';
import { objectText, stringText } from './json-text';
import { deepJsonText } from './payload.arbitraries';
import { streamReplyPlan } from './stream-reply.arbitraries';

const JSON_TYPE = 'application/json';

const errorBodyText = fc.oneof(
  fc
    .tuple(
      fc.string({ maxLength: 20 }),
      fc.constantFrom('"server_error"', '"invalid_request_error"'),
    )
    .map(([message, type]) =>
      objectText([
        [
          'error',
          objectText([
            ['message', stringText(message)],
            ['type', type],
          ]),
        ],
      ]),
    ),
  deepJsonText.map((detail) => `{"error":{"message":"bad","detail":${detail}}}`),
  fc.constantFrom('', 'Bad Gateway', '<html>502</html>', 'null', '[]', '{"error":null}'),
  completionBodyText, // a completion behind an error status is still an error
);

const statusText = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(400, 401, 403, 404, 408, 409, 422, 429, 500, 502, 503) },
  { weight: 2, arbitrary: fc.integer({ min: 400, max: 599 }) },
  { weight: 1, arbitrary: fc.constantFrom(301, 302, 304, 307, 399) },
);

/** Replies with an HTTP error status and whatever body. */
export const httpErrorPlan: fc.Arbitrary<ReplyPlan> = fc
  .tuple(statusText, errorBodyText, fc.constantFrom(JSON_TYPE, 'text/plain'))
  .map(([status, body, contentType]) => ({ kind: 'body', status, contentType, body }));

/** 2xx bodies that are no chat completion at all. */
const notACompletionPlan: fc.Arbitrary<ReplyPlan> = fc
  .tuple(
    fc.oneof(
      fc.constantFrom('null', '42', '"text"', '[]', '[{"choices":[]}]', 'true', '', 'not json'),
      fc.constantFrom(
        '{"error":{"message":"Upstream overloaded","code":"overloaded","type":"server_error"}}',
        '{"error":{"message":"rate limited"},"__proto__":{"polluted":"yes"}}',
      ),
      deepJsonText,
      completionBodyText.map((body) => body.slice(0, Math.max(0, body.length - 3))),
    ),
    fc.constantFrom(200, 200, 201, 204),
  )
  .map(([body, status]) => ({ kind: 'body', status, contentType: JSON_TYPE, body }));

/** 2xx chat completion bodies, odd or hostile at any depth, now and then with a non-JSON type. */
export const completionBodyPlan: fc.Arbitrary<ReplyPlan> = fc
  .tuple(
    completionBodyText,
    fc.oneof(
      { weight: 12, arbitrary: fc.constant(JSON_TYPE) },
      { weight: 1, arbitrary: fc.constantFrom('application/json; charset=utf-8', 'text/plain') },
    ),
    fc.oneof(
      { weight: 12, arbitrary: fc.constant(200) },
      { weight: 1, arbitrary: fc.constant(201) },
    ),
  )
  .map(([body, contentType, status]) => ({ kind: 'body', status, contentType, body }));

const faultPlan: fc.Arbitrary<ReplyPlan> = fc
  .constantFrom<TransportFault>('reset', 'reset', 'garbage', 'truncated', 'hang')
  .map((fault) => ({ kind: 'fault', fault }));

/** Any reply plan for `mode`: generated completions most often, then raw bodies, errors and faults. */
export function replyPlan(mode: Mode): fc.Arbitrary<ReplyPlan> {
  return fc.oneof(
    {
      weight: 55,
      arbitrary: fc
        .tuple(
          generatedReply(mode),
          fc.oneof({ weight: 9, arbitrary: fc.constant(false) }, fc.constant(true)),
        )
        .map(([script, parsedArguments]): ReplyPlan => ({
          kind: 'generated',
          script,
          parsedArguments,
        })),
    },
    { weight: 25, arbitrary: completionBodyPlan },
    { weight: 3, arbitrary: notACompletionPlan },
    { weight: 3, arbitrary: httpErrorPlan },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.constantFrom(400, 401, 404, 429, 500, 503), fc.string({ maxLength: 12 }))
        .map(([status, message]): ReplyPlan => ({ kind: 'scripted-error', status, message })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(completionBodyText, fc.constantFrom(200, 200, 500))
        .map(([body, status]): ReplyPlan => ({ kind: 'hang-up', status, body })),
    },
    { weight: 1, arbitrary: fc.constant<ReplyPlan>({ kind: 'timeout' }) },
    { weight: 3, arbitrary: faultPlan },
    // SSE for a request that does not stream: no completion.
    { weight: 1, arbitrary: streamReplyPlan('partial', mode) },
  );
}

const abortPoint = fc.record({
  attemptNumber: fc.integer({ min: 1, max: 3 }),
  event: fc.constantFrom<AbortEvent>(
    'completion:kwargs',
    'completion:response',
    'completion:usage',
  ),
});

/** One call: mode, re-ask budget, a reply per possible attempt, and how hooks observe it. */
export const callScenario: fc.Arbitrary<CallScenario> = fc
  .constantFrom(...CREATE_MODES)
  .chain((mode) =>
    fc.record({
      mode: fc.constant(mode),
      maxRetries: fc.integer({ min: 0, max: 2 }),
      replies: fc.array(replyPlan(mode), { minLength: 3, maxLength: 3 }),
      abort: fc.oneof(
        { weight: 10, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: abortPoint },
      ),
      hookPacing: fc.constantFrom('sync', 'microtask', 'timer' as const),
      signalIn: fc.constantFrom('params', 'requestOptions' as const),
      perCallHooks: fc.boolean(),
      throwingHandlerOn: fc.oneof(
        { weight: 8, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: fc.constantFrom(...Object.values(HookName)) },
      ),
      n: fc.oneof(
        { weight: 30, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: fc.constantFrom(1, 2) },
      ),
    }),
  )
  .map(printable);
