import type { ResponseFormatJSONSchema } from 'openai/resources/shared';
import type { ResponseTarget } from '../response-model';
import { contentPayload } from './completion-message';
import { Mode } from './mode';
import type { ModeStrategy } from './mode.strategy';
import { textReask } from './reask-messages';
import { contentReader } from './stream-text.readers';

const formatCache = new WeakMap<ResponseTarget, ResponseFormatJSONSchema>();

function responseFormatFor(target: ResponseTarget): ResponseFormatJSONSchema {
  let format = formatCache.get(target);
  if (!format) {
    format = {
      type: 'json_schema',
      json_schema: {
        name: target.name,
        description: target.description,
        schema: target.schema(true),
        strict: true,
      },
    };
    formatCache.set(target, format);
  }
  return format;
}

/** OpenAI native structured outputs: `response_format: { type: 'json_schema', strict: true }`. */
export const jsonSchemaStrategy: ModeStrategy = {
  mode: Mode.JSON_SCHEMA,
  ownedParams: ['response_format'],
  parallel: false,
  buildRequest: (params, [target]) => ({ ...params, response_format: responseFormatFor(target!) }),
  extractPayloads: (completion, [target]) => [contentPayload(completion, target!)],
  buildReask: (completion, error, instruction) =>
    textReask(
      completion,
      error,
      instruction ?? 'Reply again with a JSON object that fixes these errors.',
    ),
  createTextReader: contentReader,
};
