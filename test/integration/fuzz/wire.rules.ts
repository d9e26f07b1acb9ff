import { isDeepStrictEqual } from 'node:util';
import { Mode } from '../../../src';
import type { RecordedRequest } from '../../../src/testing';
import type { CallScenario } from './call-scenario';
import { callerMessages } from './pipeline.harness';
import { isRecord } from './reply-verdict';

// What went over the wire (SPEC §3, §5, docs/modes.md): the mode's request parts on every
// attempt, the caller's messages first, and each re-ask appending to the previous request's
// messages a correction the API accepts (tool calls with string arguments, each answered).

/** Everything the requests `sent` break of the documented request shapes. */
export function wireViolations(scenario: CallScenario, sent: readonly RecordedRequest[]): string[] {
  const violations: string[] = [];
  const caller = callerMessages();
  sent.forEach((body, index) => {
    const where = `request ${index + 1}`;
    if (body.model !== 'gpt-4.1-mini') violations.push(`${where}: model ${String(body.model)}`);
    if (body.stream) violations.push(`${where}: stream is set`);
    violations.push(...modePartViolations(scenario.mode, body).map((text) => `${where}: ${text}`));
    const messages = body.messages as unknown[];
    if (index === 0) {
      if (!firstMessagesMatch(scenario.mode, messages, caller)) {
        violations.push(`${where}: the messages are not the caller's (plus the mode's prompt)`);
      }
      return;
    }
    const previous = sent[index - 1]!.messages as unknown[];
    if (!isDeepStrictEqual(messages.slice(0, previous.length), previous)) {
      violations.push(`${where}: does not extend the previous request's messages`);
      return;
    }
    violations.push(
      ...reaskViolations(messages.slice(previous.length)).map((text) => `${where}: ${text}`),
    );
  });
  return violations;
}

function modePartViolations(mode: Mode, body: RecordedRequest): string[] {
  const tools = body.tools;
  const format = body.response_format as
    { type?: string; json_schema?: { name?: string; strict?: boolean } } | undefined;
  if (mode === Mode.TOOLS || mode === Mode.TOOLS_STRICT) {
    const tool = tools?.[0];
    const strict = mode === Mode.TOOLS_STRICT;
    const ok =
      tools?.length === 1 &&
      tool?.type === 'function' &&
      tool.function.name === 'User' &&
      (tool.function.strict === true) === strict &&
      isDeepStrictEqual(body.tool_choice, { type: 'function', function: { name: 'User' } }) &&
      format === undefined;
    return ok ? [] : ['not one forced User tool'];
  }
  if (tools !== undefined) return ['tools sent in a JSON mode'];
  if (mode === Mode.JSON && format?.type !== 'json_object')
    return ['no json_object response_format'];
  if (
    mode === Mode.JSON_SCHEMA &&
    (format?.type !== 'json_schema' ||
      format.json_schema?.name !== 'User' ||
      format.json_schema.strict !== true)
  ) {
    return ['no strict User json_schema response_format'];
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
