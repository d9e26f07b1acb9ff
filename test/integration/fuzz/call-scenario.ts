import * as fc from 'fast-check';
import { HookName, Mode } from '../../../src';
import type { GeneratedReply, ReplyScript, ScriptedToolCall } from '../../../src/testing';
import { abbreviate } from './json-text';
import { renderStream, type StreamReply } from './stream-reply';

/** A failure below HTTP, played by the fault server. */
export type TransportFault =
  /** The socket is destroyed once the request has arrived: no status line at all. */
  | 'reset'
  /** Bytes that are not HTTP. */
  | 'garbage'
  /** A 200 with a JSON content type whose body stops half way (the socket is destroyed). */
  | 'truncated'
  /** No answer; the harness aborts the call's signal once the request has arrived. */
  | 'hang';

/** What the model's side answers to one request. */
export type ReplyPlan =
  /**
   * A completion FakeOpenAIServer generates from one of its scripts (content, tool calls, ...).
   * `parsedArguments`: tool arguments that are JSON objects go out as objects, not text (some
   * compatible servers do that). Kept as text here so fast-check can print and shrink them.
   */
  | { kind: 'generated'; script: GeneratedReply; parsedArguments: boolean }
  /** A body served verbatim by FakeOpenAIServer: completions, error statuses, non-JSON, ... */
  | { kind: 'body'; status: number; contentType: string; body: string }
  /** A body FakeOpenAIServer writes, then drops the connection (`ending: 'hang-up'`). */
  | { kind: 'hang-up'; status: number; body: string }
  /** FakeOpenAIServer's own error script: `{ error: { status, message } }`. */
  | { kind: 'scripted-error'; status: number; message: string }
  /** A valid reply delayed past the call's `timeout`. */
  | { kind: 'timeout' }
  | { kind: 'fault'; fault: TransportFault }
  /**
   * A reply streamed as SSE that the test cuts into chunks itself (stream-reply.ts), broken or
   * not. A request that does not stream gets the same SSE text (a provider that streams unasked).
   */
  | { kind: 'stream'; stream: StreamReply };

/** Events a handler may abort the call's signal from. */
export type AbortEvent = 'completion:kwargs' | 'completion:response' | 'completion:usage';

/** How recording handlers return: at once, after a microtask, or after a short timer. */
export type HookPacing = 'sync' | 'microtask' | 'timer';

/** One `createWithCompletion` call against scripted replies, and how it is observed. */
export interface CallScenario {
  mode: Mode;
  maxRetries: number;
  /** One plan per request, in order; plans past the last attempt are never used. */
  replies: readonly ReplyPlan[];
  /** A client handler aborts the call's signal when this event fires on this attempt. */
  abort?: { attemptNumber: number; event: AbortEvent };
  hookPacing: HookPacing;
  /** Where the call's AbortSignal goes: the `signal` param or the SDK's request options. */
  signalIn: 'params' | 'requestOptions';
  /** Record through per-call hooks too; they must run after the client's, event by event. */
  perCallHooks: boolean;
  /** A client handler of this event throws: a process warning, never a broken call. */
  throwingHandlerOn?: HookName;
  /** A request param the call must refuse before any request (`n > 1` with a response model). */
  n?: number;
}

/** The modes a class response model can be asked through with `create`. */
export const CREATE_MODES = [
  Mode.TOOLS,
  Mode.TOOLS_STRICT,
  Mode.JSON,
  Mode.JSON_SCHEMA,
  Mode.MD_JSON,
] as const;

/** A reply that always validates, for plans that need the server to have one (timeouts). */
export const VALID_TOOL_REPLY: ReplyScript = {
  toolCall: { name: 'User', arguments: { name: 'Jason', age: 25 } },
};

/** The FakeOpenAIServer script for a plan the server plays (faults are the fault server's). */
export function scriptFor(plan: ReplyPlan, replyDelayMs: number): ReplyScript {
  switch (plan.kind) {
    case 'generated':
      return plan.parsedArguments ? withParsedArguments(plan.script) : plan.script;
    case 'body':
      return {
        body: plan.body,
        status: plan.status,
        headers: { 'content-type': plan.contentType },
      };
    case 'hang-up':
      return { body: plan.body, status: plan.status, ending: 'hang-up' };
    case 'scripted-error':
      return { error: { status: plan.status, message: plan.message } };
    case 'timeout':
      return { ...VALID_TOOL_REPLY, delayMs: replyDelayMs };
    case 'fault':
      throw new Error(`the fault server plays ${plan.fault}, not FakeOpenAIServer`);
    case 'stream': {
      const ending = plan.stream.fault.kind === 'hang-up' ? 'hang-up' : 'end';
      return { sse: renderStream(plan.stream).text, ending };
    }
  }
}

function withParsedArguments(script: GeneratedReply): GeneratedReply {
  const parsed = (call: ScriptedToolCall): ScriptedToolCall => {
    // The server serializes objects with JSON.stringify: deep ones stay text (raw bodies send them).
    if (typeof call.arguments === 'string' && call.arguments.length > 2_000) return call;
    let value: unknown;
    try {
      value = typeof call.arguments === 'string' ? JSON.parse(call.arguments) : call.arguments;
    } catch {
      return call;
    }
    return typeof value === 'object' && value !== null ? { ...call, arguments: value } : call;
  };
  if ('toolCall' in script) return { ...script, toolCall: parsed(script.toolCall) };
  if ('toolCalls' in script) return { ...script, toolCalls: script.toolCalls.map(parsed) };
  return script;
}

/** The plans a call gets to use: one per attempt at most. */
export function usedReplies(scenario: CallScenario): readonly ReplyPlan[] {
  return scenario.replies.slice(0, scenario.maxRetries + 1);
}

/** Makes fast-check print a scenario with long bodies shortened and unused replies left out. */
export function printable(scenario: CallScenario): CallScenario {
  return Object.assign(
    { ...scenario },
    {
      [fc.toStringMethod]: () =>
        JSON.stringify(
          { ...scenario, replies: usedReplies(scenario) },
          (_, value: unknown) => (typeof value === 'string' ? abbreviate(value) : value),
          1,
        ),
    },
  );
}
