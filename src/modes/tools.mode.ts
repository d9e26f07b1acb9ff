import type {
  ChatCompletionNamedToolChoice,
  ChatCompletionTool,
} from 'openai/resources/chat/completions';
import { ValidationError } from '../errors';
import type { ResponseTarget } from '../response-model';
import { firstMessage, functionCalls, messageText, parseToolArguments } from './completion-message';
import { Mode } from './mode';
import type { ModeStrategy } from './mode.strategy';
import { toolReask } from './reask-messages';

interface ToolRequestParts {
  tools: ChatCompletionTool[];
  tool_choice: ChatCompletionNamedToolChoice;
}

/** One forced function tool named after the class; `strict` switches to OpenAI-strict schemas. */
export function createToolsStrategy(mode: Mode, strict: boolean): ModeStrategy {
  // The tool definition depends only on the target: build it once, not on every attempt.
  const partsCache = new WeakMap<ResponseTarget, ToolRequestParts>();
  const partsFor = (target: ResponseTarget): ToolRequestParts => {
    let parts = partsCache.get(target);
    if (!parts) {
      parts = {
        tools: [
          {
            type: 'function',
            function: {
              name: target.name,
              description: target.description,
              parameters: target.schema(strict),
              ...(strict ? { strict: true } : {}),
            },
          },
        ],
        tool_choice: { type: 'function', function: { name: target.name } },
      };
      partsCache.set(target, parts);
    }
    return parts;
  };

  return {
    mode,
    ownedParams: ['tools', 'tool_choice'],
    buildRequest: (params, target) => ({ ...params, ...partsFor(target) }),
    extractPayload(completion, target) {
      const message = firstMessage(completion);
      const calls = functionCalls(message);
      const matching = calls.filter((candidate) => candidate.name === target.name);
      if (matching.length > 1) {
        throw new ValidationError({
          message: `The reply called \`${target.name}\` ${matching.length} times; exactly one call expected.`,
          rawText: messageText(message),
        });
      }
      const call = matching[0];
      if (!call) {
        throw new ValidationError({
          message:
            calls.length === 0
              ? `The reply has no tool call; expected a call to \`${target.name}\`.`
              : `The reply called ${calls.map((candidate) => `\`${candidate.name}\``).join(', ')}; expected a call to \`${target.name}\`.`,
          rawText: messageText(message),
        });
      }
      return parseToolArguments(call.arguments, `The arguments of \`${target.name}\``);
    },
    buildReask: toolReask,
  };
}

export const toolsStrategy = createToolsStrategy(Mode.TOOLS, false);
