import type { ResponseFormatJSONSchema } from 'openai/resources/shared';
import type { ResponseTarget } from '../response-model';
import { contentPayload } from './completion-message';
import { Mode } from './mode';
import { withRequestParts, type ModeStrategy } from './mode.strategy';
import { textReask } from './reask-messages';
import { contentReader } from './stream-text.readers';

// Depends only on the target: the target keeps it, built once.
function responseFormatFor(target: ResponseTarget): ResponseFormatJSONSchema {
  return target.derived('json_schema.response_format', (): ResponseFormatJSONSchema => ({
    type: 'json_schema',
    json_schema: {
      name: target.name,
      description: target.description,
      schema: target.schema(true),
      strict: true,
    },
  }));
}

/** OpenAI native structured outputs: `response_format: { type: 'json_schema', strict: true }`. */
export const jsonSchemaStrategy: ModeStrategy = {
  mode: Mode.JSON_SCHEMA,
  ownedParams: ['response_format'],
  parallel: false,
  buildRequest: (params, [target]) =>
    withRequestParts(params, { response_format: responseFormatFor(target!) }),
  extractPayloads: (completion, [target]) => [contentPayload(completion, target!)],
  buildReask: (completion, error, instruction) =>
    textReask(
      completion,
      error,
      instruction ?? 'Reply again with a JSON object that fixes these errors.',
    ),
  createTextReader: contentReader,
};
