import * as fc from 'fast-check';
import type { HookName, Mode } from '../../../src';
import type { AbortEvent, HookPacing, ReplyPlan } from './call-scenario';
import { abbreviate } from './json-text';
import type { StreamMethod } from './stream-verdict';

/** One `createPartial` / `createIterable` call against scripted replies, and how it is consumed. */
export interface StreamScenario {
  method: StreamMethod;
  mode: Mode;
  maxRetries: number;
  /** One plan per request, in order; plans past the last attempt are never used. */
  replies: readonly ReplyPlan[];
  /**
   * Once the loop has `after` values it `break`s, or aborts the call's signal and reads on; or a
   * client handler of `event` aborts the signal on attempt `attempt` (and stays pending a while).
   * Undefined: the call runs to its end.
   */
  stop?:
    | { how: 'break' | 'abort'; after: number }
    | { how: 'abort-in-hook'; event: AbortEvent; attempt: number };
  /**
   * The reply the loop stops in is never ended by the server (`ending: 'keep-open'`), so only
   * the stop can end it; applied when the oracle can tell which reply that is (stream.oracle.ts).
   */
  keepOpen: boolean;
  /** Where the call's AbortSignal goes: the `signal` param or the SDK's request options. */
  signalIn: 'params' | 'requestOptions';
  hookPacing: HookPacing;
  /** Record through per-call hooks too; they must run after the client's, event by event. */
  perCallHooks: boolean;
  /** A client handler of this event throws: a process warning, never a broken call. */
  throwingHandlerOn?: HookName;
  /** The client's `streamUsage` setting (`stream_options.include_usage` on every request). */
  streamUsage: boolean;
  /** A request param the call must refuse before any request (`n > 1`). */
  n?: number;
  /** PARALLEL_TOOLS: `responseModel: [User]` rather than `User`. */
  responseModelList: boolean;
  /** The call's `reask.keepFailedAttempts` (undefined: every failed attempt is kept). */
  keepFailedAttempts?: 0 | 1;
  /** The call's `maxTotalTokens`: no re-ask once the usage summed over the attempts reached it. */
  maxTotalTokens?: number;
}

/** The plans a call gets to use: one per attempt at most. */
export function usedStreamReplies(scenario: StreamScenario): readonly ReplyPlan[] {
  return scenario.replies.slice(0, scenario.maxRetries + 1);
}

/** Makes fast-check print a scenario with long texts shortened and unused replies left out. */
export function printableStream(scenario: StreamScenario): StreamScenario {
  return Object.assign(
    { ...scenario },
    {
      [fc.toStringMethod]: () =>
        JSON.stringify(
          { ...scenario, replies: usedStreamReplies(scenario) },
          (_, value: unknown) => (typeof value === 'string' ? abbreviate(value) : value),
          1,
        ),
    },
  );
}
