import type { ChatCompletionTool } from 'openai/resources/chat/completions';
import { ValidationError } from '../errors';
import { firstMessage, functionCalls, messageText, parseToolArguments } from './completion-message';
import { Mode } from './mode';
import { withRequestParts, type ModeStrategy } from './mode.strategy';
import { toolReask } from './reask-messages';
import { toolArgumentsReader } from './stream-text.readers';
import { functionTool } from './tools.mode';

/**
 * One function tool per target, none forced (`tool_choice: 'auto'`): the model makes as many
 * calls as the text holds, and every call is one result.
 */
export const parallelToolsStrategy: ModeStrategy = {
  mode: Mode.PARALLEL_TOOLS,
  ownedParams: ['tools', 'tool_choice'],
  parallel: true,
  buildRequest(params, targets) {
    // Each target keeps its own tool; the list is per call (the classes listed vary by call).
    const tools = targets.map((target) =>
      target.derived('parallel_tools.tool', (): ChatCompletionTool => functionTool(target, false)),
    );
    return withRequestParts(params, { tools, tool_choice: 'auto' as const });
  },
  extractPayloads(completion, targets) {
    const message = firstMessage(completion);
    const names = targets.map((target) => target.name);
    const calls = functionCalls(message);
    if (calls.length === 0) {
      throw new ValidationError({
        message: `The reply has no tool call; expected calls to ${names.map((name) => `\`${name}\``).join(', ')}.`,
        rawText: messageText(message),
      });
    }
    return calls.map((call, index) => {
      const target = targets.find((candidate) => candidate.name === call.name);
      if (!target) {
        throw new ValidationError({
          message: `Tool call ${index + 1} called \`${call.name}\`; expected one of ${names.map((name) => `\`${name}\``).join(', ')}.`,
          rawText: messageText(message),
        });
      }
      return parseToolArguments(
        target,
        call.arguments,
        `The arguments of call ${index + 1} (\`${call.name}\`)`,
      );
    });
  },
  buildReask: toolReask,
  createTextReader: toolArgumentsReader,
};
