import { isDeepStrictEqual } from 'node:util';
import { Mode } from '../../../src';
import type { RecordedRequest } from '../../../src/testing';
import { callerMessages } from './pipeline.harness';
import { isRecord } from './reply-verdict';

// What went over the wire (SPEC §3, §5, docs/modes.md): the mode's request parts on every
// attempt, the caller's messages first, and each re-ask appending to the previous request's
// messages a correction the API accepts (tool calls with string arguments, each answered).

/** How the requests of a call are asked for: the tool (or schema) name, and streaming. */
export interface WireOptions {
  /** The forced tool / json_schema name. @default 'User' */
  target?: string;
  /** A streaming call: `stream: true`, and `stream_options.include_usage` when the client asks for usage. */
  stream?: { includeUsage: boolean };
  /** `reask.keepFailedAttempts`: a re-ask sends the first messages and only this many failed attempts. */
  keepFailedAttempts?: number;
}

/** Everything the requests `sent` break of the documented request shapes. */
export function wireViolations(
  mode: Mode,
  sent: readonly RecordedRequest[],
  options: WireOptions = {},
): string[] {
  const violations: string[] = [];
  const caller = callerMessages();
  const target = options.target ?? 'User';
  sent.forEach((body, index) => {
    const where = `request ${index + 1}`;
    if (body.model !== 'gpt-4.1-mini') violations.push(`${where}: model ${String(body.model)}`);
    if (options.stream) {
      if (body.stream !== true) violations.push(`${where}: stream is not true`);
      const expected = options.stream.includeUsage ? { include_usage: true } : undefined;
      if (!isDeepStrictEqual(body.stream_options ?? undefined, expected)) {
        violations.push(`${where}: stream_options ${JSON.stringify(body.stream_options)}`);
      }
    } else if (body.stream) {
      violations.push(`${where}: stream is set`);
    }
    violations.push(...modePartViolations(mode, body, target).map((text) => `${where}: ${text}`));
    const messages = body.messages as unknown[];
    if (index === 0) {
      if (!firstMessagesMatch(mode, messages, caller)) {
        violations.push(`${where}: the messages are not the caller's (plus the mode's prompt)`);
      }
      return;
    }
    // Each re-ask extends the previous request; with keepFailedAttempts 0 or 1 it starts again
    // from the first request's messages.
    const kept = options.keepFailedAttempts;
    const base =
      kept === undefined
        ? (sent[index - 1]!.messages as unknown[])
        : (sent[0]!.messages as unknown[]);
    if (!isDeepStrictEqual(messages.slice(0, base.length), base)) {
      violations.push(
        `${where}: does not extend the ${kept === undefined ? 'previous' : 'first'} request's messages`,
      );
      return;
    }
    if (kept === 0) {
      if (messages.length !== base.length) violations.push(`${where}: keeps a failed attempt`);
      return;
    }
    violations.push(
      ...reaskViolations(messages.slice(base.length)).map((text) => `${where}: ${text}`),
    );
  });
  return violations;
}

function modePartViolations(mode: Mode, body: RecordedRequest, target: string): string[] {
  const tools = body.tools;
  const format = body.response_format as
    { type?: string; json_schema?: { name?: string; strict?: boolean } } | undefined;
  if (mode === Mode.PARALLEL_TOOLS) {
    const ok =
      tools?.length === 1 &&
      tools[0]?.type === 'function' &&
      tools[0].function.name === target &&
      body.tool_choice === 'auto' &&
      format === undefined;
    return ok ? [] : [`not one ${target} tool with tool_choice auto`];
  }
  if (mode === Mode.TOOLS || mode === Mode.TOOLS_STRICT) {
    const tool = tools?.[0];
    const strict = mode === Mode.TOOLS_STRICT;
    const ok =
      tools?.length === 1 &&
      tool?.type === 'function' &&
      tool.function.name === target &&
      (tool.function.strict === true) === strict &&
      isDeepStrictEqual(body.tool_choice, { type: 'function', function: { name: target } }) &&
      format === undefined;
    return ok ? [] : [`not one forced ${target} tool`];
  }
  if (tools !== undefined) return ['tools sent in a JSON mode'];
  if (mode === Mode.JSON && format?.type !== 'json_object')
    return ['no json_object response_format'];
  if (
    mode === Mode.JSON_SCHEMA &&
    (format?.type !== 'json_schema' ||
      format.json_schema?.name !== target ||
      format.json_schema.strict !== true)
  ) {
    return [`no strict ${target} json_schema response_format`];
  }
  if (mode === Mode.MD_JSON && format !== undefined) return ['a response_format in MD_JSON'];
  return [];
}

function firstMessagesMatch(mode: Mode, messages: unknown[], caller: unknown[]): boolean {
  if (mode !== Mode.JSON && mode !== Mode.MD_JSON) return isDeepStrictEqual(messages, caller);
  // The schema prompt is appended to the caller's system message.
  const [system, ...rest] = messages as Array<{ role?: unknown; content?: unknown }>;
  const callerSystem = (caller[0] as { content: string }).content;
  return (
    system?.role === 'system' &&
    typeof system.content === 'string' &&
    system.content.startsWith(`${callerSystem}\n\n`) &&
    isDeepStrictEqual(rest, caller.slice(1))
  );
}

/** A re-ask: the assistant's reply echoed (its tool calls each answered by a tool message), then the correction. */
function reaskViolations(appended: unknown[]): string[] {
  if (appended.length === 0) return ['a re-ask appended nothing'];
  const violations: string[] = [];
  for (let index = 0; index < appended.length;) {
    const message = appended[index];
    if (!isRecord(message)) return [`re-ask message ${index} is not an object`];
    const { role, content } = message;
    if (role === 'user') {
      if (typeof content !== 'string') violations.push('a re-ask user message without text');
      index += 1;
      continue;
    }
    if (role !== 'assistant')
      return [`re-ask message ${index} has role ${String(role)} out of place`];
    if (content !== undefined && content !== null && typeof content !== 'string') {
      violations.push('an echoed assistant message whose content is not text');
    }
    const calls = message.tool_calls;
    if (calls === undefined) {
      index += 1;
      continue;
    }
    if (!Array.isArray(calls) || calls.length === 0)
      return ['echoed tool_calls are not a non-empty array'];
    calls.forEach((call, position) => {
      const fn = isRecord(call) && isRecord(call.function) ? call.function : undefined;
      const ok =
        isRecord(call) &&
        typeof call.id === 'string' &&
        call.id !== '' &&
        call.type === 'function' &&
        typeof fn?.name === 'string' &&
        typeof fn.arguments === 'string';
      if (!ok)
        violations.push(
          `echoed tool call ${position} is not { id, type: 'function', function: { name, arguments: string } }`,
        );
      const answer = appended[index + 1 + position];
      const answered =
        isRecord(answer) &&
        answer.role === 'tool' &&
        isRecord(call) &&
        answer.tool_call_id === call.id &&
        typeof answer.content === 'string';
      if (!answered)
        violations.push(`echoed tool call ${position} is not answered by the next tool message`);
    });
    index += 1 + calls.length;
  }
  const last = appended.at(-1) as { role?: unknown };
  if (last.role !== 'user' && last.role !== 'tool')
    violations.push(`a re-ask ends with a ${String(last.role)} message`);
  return violations;
}
