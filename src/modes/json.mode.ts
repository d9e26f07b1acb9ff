import { contentPayload } from './completion-message';
import { schemaPrompt, withSystemPrompt } from './json-prompt';
import { Mode } from './mode';
import { withRequestParts, type ModeStrategy } from './mode.strategy';
import { textReask } from './reask-messages';
import { contentReader } from './stream-text.readers';

const ANSWER_FORMAT = 'Reply with the JSON object only.';

/** `response_format: json_object` with the schema in the system prompt. */
export const jsonStrategy: ModeStrategy = {
  mode: Mode.JSON,
  ownedParams: ['response_format'],
  parallel: false,
  buildRequest: (params, [target]) =>
    withRequestParts(params, {
      messages: withSystemPrompt(params.messages, schemaPrompt(target!, ANSWER_FORMAT)),
      response_format: { type: 'json_object' as const },
    }),
  extractPayloads: (completion, [target]) => [contentPayload(completion, target!)],
  buildReask: (completion, error, instruction) =>
    textReask(
      completion,
      error,
      instruction ?? 'Reply again with only a JSON object that fixes these errors.',
    ),
  createTextReader: contentReader,
};
