import { contentPayload } from './completion-message';
import { schemaPrompt, withSystemPrompt } from './json-prompt';
import { Mode } from './mode';
import type { ModeStrategy } from './mode.strategy';
import { textReask } from './reask-messages';

const ANSWER_FORMAT = 'Reply with the JSON object only.';

/** `response_format: json_object` with the schema in the system prompt. */
export const jsonStrategy: ModeStrategy = {
  mode: Mode.JSON,
  ownedParams: ['response_format'],
  buildRequest: (params, target) => ({
    ...params,
    messages: withSystemPrompt(params.messages, schemaPrompt(target, ANSWER_FORMAT)),
    response_format: { type: 'json_object' },
  }),
  extractPayload: contentPayload,
  buildReask: (completion, error) =>
    textReask(completion, error, 'Reply again with only a JSON object that fixes these errors.'),
};
