import type { ChatCompletion, ChatCompletionMessage } from 'openai/resources/chat/completions';
import { ValidationError } from '../../src/errors';
import { correctionText, textReask, toolReask } from '../../src/modes/reask-messages';

const error = new ValidationError({
  message: 'User failed validation:\nage: age must not be less than 0',
  rawText: '{"name":"Jason","age":-25}',
});

const TOOL_CORRECTION =
  'Your previous answer was invalid.\nUser failed validation:\nage: age must not be less than 0\n' +
  'Call the function again with arguments that fix these errors.';
const TOOL_TEXT_CORRECTION =
  'Your previous answer was invalid.\nUser failed validation:\nage: age must not be less than 0\n' +
  'Call the function with arguments that fix these errors.';

/** A reply as it comes off the wire: the message is read defensively, so any shape is allowed. */
function reply(message: Record<string, unknown> | undefined): ChatCompletion {
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion',
    created: 0,
    model: 'gpt-4.1-mini',
    choices:
      message === undefined
        ? []
        : [
            {
              index: 0,
              finish_reason: 'tool_calls',
              logprobs: null,
              message: { role: 'assistant', refusal: null, ...message } as ChatCompletionMessage,
            },
          ],
  };
}

function toolCall(id: unknown, argumentsValue: unknown, name = 'User') {
  return { id, type: 'function', function: { name, arguments: argumentsValue } };
}

describe('correctionText', () => {
  it('is the fixed opening line, the error message, then the instruction, one per line', () => {
    expect(correctionText(error, 'Reply again.')).toBe(
      'Your previous answer was invalid.\nUser failed validation:\nage: age must not be less than 0\nReply again.',
    );
  });
});

describe('toolReask', () => {
  it('echoes the tool call and answers it by id with the correction', () => {
    const messages = toolReask(
      reply({ content: null, tool_calls: [toolCall('call_1_0', '{"name":"Jason","age":-25}')] }),
      error,
    );

    expect(messages).toEqual([
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          {
            id: 'call_1_0',
            type: 'function',
            function: { name: 'User', arguments: '{"name":"Jason","age":-25}' },
          },
        ],
      },
      { role: 'tool', tool_call_id: 'call_1_0', content: TOOL_CORRECTION },
    ]);
  });

  it('keeps the text the model sent next to its tool call', () => {
    const [assistant] = toolReask(
      reply({ content: 'Here you go.', tool_calls: [toolCall('call_1_0', '{}')] }),
      error,
    );

    expect(assistant).toMatchObject({ role: 'assistant', content: 'Here you go.' });
  });

  it('answers every echoed call with its own tool message', () => {
    const messages = toolReask(
      reply({ tool_calls: [toolCall('call_a', '{}'), toolCall('call_b', '{}', 'Other')] }),
      error,
    );

    expect(messages.slice(1)).toEqual([
      { role: 'tool', tool_call_id: 'call_a', content: TOOL_CORRECTION },
      { role: 'tool', tool_call_id: 'call_b', content: TOOL_CORRECTION },
    ]);
  });

  it('leaves out tool calls with an empty or missing id (the API rejects an answer without one)', () => {
    const messages = toolReask(
      reply({
        tool_calls: [toolCall('', '{}'), toolCall(undefined, '{}'), toolCall('call_ok', '{}')],
      }),
      error,
    );

    expect(messages).toEqual([
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'call_ok', type: 'function', function: { name: 'User', arguments: '{}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_ok', content: TOOL_CORRECTION },
    ]);
  });

  it('falls back to a text re-ask when no tool call has an id', () => {
    expect(
      toolReask(reply({ content: 'Jason is 25.', tool_calls: [toolCall('', '{}')] }), error),
    ).toEqual([
      { role: 'assistant', content: 'Jason is 25.' },
      { role: 'user', content: TOOL_TEXT_CORRECTION },
    ]);
  });

  it('falls back to a text re-ask for a reply without tool calls', () => {
    expect(toolReask(reply({ content: 'Jason is 25.' }), error)).toEqual([
      { role: 'assistant', content: 'Jason is 25.' },
      { role: 'user', content: TOOL_TEXT_CORRECTION },
    ]);
  });

  it.each([
    [
      'an object (servers that send arguments parsed)',
      { name: 'Jason', age: -25 },
      '{"name":"Jason","age":-25}',
    ],
    ['an array', [1, 2], '[1,2]'],
    ['text that is not JSON, verbatim', '{"name": "Jason", age', '{"name": "Jason", age'],
    ['missing', undefined, '{}'],
    ['null', null, '{}'],
    ['a number', 7, '{}'],
  ])('echoes arguments sent as %s as the string the API requires', (_, sent, echoed) => {
    const [assistant] = toolReask(reply({ tool_calls: [toolCall('call_1', sent)] }), error);

    expect(assistant).toEqual({
      role: 'assistant',
      content: null,
      tool_calls: [
        { id: 'call_1', type: 'function', function: { name: 'User', arguments: echoed } },
      ],
    });
  });

  it('echoes arguments that cannot be serialized as {}', () => {
    const cyclic: Record<string, unknown> = { name: 'Jason' };
    cyclic.self = cyclic;

    const [assistant] = toolReask(reply({ tool_calls: [toolCall('call_1', cyclic)] }), error);

    expect(assistant).toMatchObject({ tool_calls: [{ function: { arguments: '{}' } }] });
  });
});

describe('textReask', () => {
  it("echoes the assistant's text and asks again as the user", () => {
    expect(textReask(reply({ content: '{"age":-25}' }), error, 'Reply again.')).toEqual([
      { role: 'assistant', content: '{"age":-25}' },
      { role: 'user', content: correctionText(error, 'Reply again.') },
    ]);
  });

  it.each([
    ['no choices', undefined],
    ['null content', { content: null }],
    ['empty content', { content: '' }],
    ['content that is not text', { content: [{ type: 'text', text: 'x' }] }],
  ])('sends the correction alone for a reply with %s: no empty assistant message', (_, message) => {
    expect(textReask(reply(message), error, 'Reply again.')).toEqual([
      { role: 'user', content: correctionText(error, 'Reply again.') },
    ]);
  });
});
