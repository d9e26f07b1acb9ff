import * as fc from 'fast-check';
import { HookName, Mode } from '../../../src';
import {
  CREATE_MODES,
  type AbortEvent,
  type ReplyPlan,
  type TransportFault,
} from './call-scenario';
import { completionBodyPlan, httpErrorPlan } from './call-scenario.arbitraries';
import { streamReplyPlan } from './stream-reply.arbitraries';
import { printableStream, type StreamScenario } from './stream-scenario';
import type { StreamMethod } from './stream-verdict';

/** A reply to a streamed request: streamed (broken or not) most often, else a failure before the first chunk. */
function streamedReplyPlan(method: StreamMethod, mode: Mode): fc.Arbitrary<ReplyPlan> {
  return fc.oneof(
    { weight: 50, arbitrary: streamReplyPlan(method, mode) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.constantFrom(400, 401, 404, 429, 500, 503), fc.string({ maxLength: 12 }))
        .map(([status, message]): ReplyPlan => ({ kind: 'scripted-error', status, message })),
    },
    { weight: 1, arbitrary: httpErrorPlan },
    // A completion as JSON, not SSE: a stream with no chunk at all.
    { weight: 1, arbitrary: completionBodyPlan },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom<TransportFault>('reset', 'garbage', 'truncated')
        .map((fault): ReplyPlan => ({ kind: 'fault', fault })),
    },
  );
}

/** One streaming call: method, mode, budget, a reply per possible attempt, how it is consumed. */
export const streamScenario: fc.Arbitrary<StreamScenario> = fc
  .oneof(
    {
      weight: 10,
      arbitrary: fc.tuple(
        fc.constantFrom<StreamMethod>('partial', 'iterable'),
        fc.constantFrom<Mode>(...CREATE_MODES),
      ),
    },
    // createIterable yields each call of PARALLEL_TOOLS; createPartial refuses that mode.
    { weight: 3, arbitrary: fc.constant<[StreamMethod, Mode]>(['iterable', Mode.PARALLEL_TOOLS]) },
    { weight: 1, arbitrary: fc.constant<[StreamMethod, Mode]>(['partial', Mode.PARALLEL_TOOLS]) },
  )
  .chain(([method, mode]) =>
    fc.record({
      method: fc.constant(method),
      mode: fc.constant(mode),
      maxRetries: fc.integer({ min: 0, max: 2 }),
      replies: fc.array(streamedReplyPlan(method, mode), { minLength: 3, maxLength: 3 }),
      stop: fc.oneof(
        { weight: 6, arbitrary: fc.constant(undefined) },
        {
          weight: 3,
          arbitrary: fc.record({
            how: fc.constantFrom('break', 'abort' as const),
            after: fc.integer({ min: 1, max: 12 }),
          }),
        },
        {
          weight: 1,
          arbitrary: fc.record({
            how: fc.constant('abort-in-hook' as const),
            event: fc.constantFrom<AbortEvent>(
              'completion:kwargs',
              'completion:response',
              'completion:usage',
            ),
            attempt: fc.integer({ min: 1, max: 3 }),
          }),
        },
      ),
      keepOpen: fc.boolean(),
      signalIn: fc.constantFrom('params', 'requestOptions' as const),
      hookPacing: fc.constantFrom('sync', 'microtask', 'timer' as const),
      perCallHooks: fc.boolean(),
      throwingHandlerOn: fc.oneof(
        { weight: 8, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: fc.constantFrom(...Object.values(HookName)) },
      ),
      streamUsage: fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, fc.constant(false)),
      responseModelList: fc.boolean(),
      keepFailedAttempts: fc.oneof(
        { weight: 4, arbitrary: fc.constant(undefined) },
        // 0 is refused by createIterable (its re-asks must name the accepted elements).
        { weight: 1, arbitrary: fc.constant(1 as const) },
      ),
      maxTotalTokens: fc.oneof(
        { weight: 6, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: fc.integer({ min: 1, max: 1500 }) },
      ),
      n: fc.oneof(
        { weight: 40, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: fc.constantFrom(1, 2) },
      ),
    }),
  )
  .map(printableStream);
