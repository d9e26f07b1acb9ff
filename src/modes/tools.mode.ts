import type {
  ChatCompletionNamedToolChoice,
  ChatCompletionTool,
} from 'openai/resources/chat/completions';
import { ValidationError } from '../errors';
import type { ResponseTarget } from '../response-model';
import { firstMessage, functionCalls, messageText, parseToolArguments } from './completion-message';
import { Mode } from './mode';
import { withRequestParts, type ModeStrategy } from './mode.strategy';
import { toolReask } from './reask-messages';
import { toolArgumentsReader } from './stream-text.readers';

interface ToolRequestParts {
  tools: ChatCompletionTool[];
  tool_choice: ChatCompletionNamedToolChoice;
}

/** The function tool of a target; `strict` switches to OpenAI-strict schemas. */
export function functionTool(target: ResponseTarget, strict: boolean): ChatCompletionTool {
  return {
    type: 'function',
    function: {
      name: target.name,
      description: target.description,
      parameters: target.schema(strict),
      ...(strict ? { strict: true } : {}),
    },
  };
}

/** One forced function tool named after the class; `strict` switches to OpenAI-strict schemas. */
export function createToolsStrategy(mode: Mode, strict: boolean): ModeStrategy {
  // The tool definition depends only on the target: the target keeps it, built once.
  const partsFor = (target: ResponseTarget): ToolRequestParts =>
    target.derived(strict ? 'tools.strict' : 'tools', () => ({
      tools: [functionTool(target, strict)],
      tool_choice: { type: 'function', function: { name: target.name } },
    }));

  return {
    mode,
    ownedParams: ['tools', 'tool_choice'],
    parallel: false,
    buildRequest: (params, [target]) => withRequestParts(params, partsFor(target!)),
    extractPayloads(completion, [target]) {
      const { name } = target!;
      const message = firstMessage(completion);
      const calls = functionCalls(message);
      const matching = calls.filter((candidate) => candidate.name === name);
      if (matching.length > 1) {
        throw new ValidationError({
          message: `The reply called \`${name}\` ${matching.length} times; exactly one call expected.`,
          rawText: messageText(message),
        });
      }
      const call = matching[0];
      if (!call) {
        throw new ValidationError({
          message:
            calls.length === 0
              ? `The reply has no tool call; expected a call to \`${name}\`.`
              : `The reply called ${calls.map((candidate) => `\`${candidate.name}\``).join(', ')}; expected a call to \`${name}\`.`,
          rawText: messageText(message),
        });
      }
      return [parseToolArguments(target!, call.arguments, `The arguments of \`${name}\``)];
    },
    buildReask: toolReask,
    createTextReader: toolArgumentsReader,
  };
}

export const toolsStrategy = createToolsStrategy(Mode.TOOLS, false);
