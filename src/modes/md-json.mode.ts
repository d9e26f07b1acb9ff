import { firstMessage, messageText, parseJsonPayload } from './completion-message';
import { schemaPrompt, withSystemPrompt } from './json-prompt';
import { extractMarkdownJson } from './markdown-json.extractor';
import { Mode } from './mode';
import type { ModeStrategy } from './mode.strategy';
import { markdownJsonReader } from './markdown-json.reader';
import { textReask } from './reask-messages';

const ANSWER_FORMAT = 'Reply with the JSON object inside a ```json code block.';

/** The schema in the system prompt; the answer is read from a ```json fence. No response_format. */
export const markdownJsonStrategy: ModeStrategy = {
  mode: Mode.MD_JSON,
  ownedParams: [],
  parallel: false,
  buildRequest: (params, [target]) => ({
    ...params,
    messages: withSystemPrompt(params.messages, schemaPrompt(target!, ANSWER_FORMAT)),
  }),
  extractPayloads(completion, [target]) {
    const text = messageText(firstMessage(completion));
    const { value } = parseJsonPayload(
      target!,
      extractMarkdownJson(text),
      'The ```json block of the reply',
    );
    return [{ target: target!, rawText: text, value }];
  },
  buildReask: (completion, error, instruction) =>
    textReask(
      completion,
      error,
      instruction ??
        'Reply again with a ```json code block holding a JSON object that fixes these errors.',
    ),
  createTextReader: markdownJsonReader,
};
