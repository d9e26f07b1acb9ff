import type { ChatCompletion } from 'openai/resources/chat/completions';
import {
  chunksToSse,
  completionToChunks,
  splitIntoPieces,
} from '../../src/testing/completion-chunks';
import { buildCompletion, renderReply } from '../../src/testing/reply-script';

const context = {
  requestNumber: 3,
  request: { model: 'gpt-4o', messages: [] },
  created: 1_700_000_000,
};

describe('splitIntoPieces', () => {
  it('never cuts an emoji in half', () => {
    expect(splitIntoPieces('ab😀cd', 3)).toEqual(['ab😀', 'cd']);
    expect(splitIntoPieces('', 8)).toEqual([]);
  });
});

describe('buildCompletion', () => {
  it('numbers ids after the request and echoes its model', () => {
    const completion = buildCompletion({ toolCall: { name: 'User', arguments: {} } }, context);
    expect(completion).toMatchObject({
      id: 'chatcmpl-fake-3',
      model: 'gpt-4o',
      created: 1_700_000_000,
    });
    expect(completion.choices[0]?.message.tool_calls?.[0]?.id).toBe('call_3_0');
  });
});

describe('completionToChunks', () => {
  const completion: ChatCompletion = buildCompletion(
    { content: 'abcdef', usage: undefined },
    context,
  );

  it('opens with the role, slices content and closes with finish_reason', () => {
    const deltas = completionToChunks(completion, { pieceLength: 4 }).map((chunk) => ({
      delta: chunk.choices[0]?.delta,
      finish: chunk.choices[0]?.finish_reason,
    }));
    expect(deltas).toEqual([
      { delta: { role: 'assistant', content: '', refusal: null }, finish: null },
      { delta: { content: 'abcd' }, finish: null },
      { delta: { content: 'ef' }, finish: null },
      { delta: {}, finish: 'stop' },
    ]);
  });

  it('emits no choice chunks for an empty choices list', () => {
    expect(completionToChunks({ ...completion, choices: [] })).toEqual([]);
  });

  it('frames chunks as SSE ending in [DONE]', () => {
    const [first] = completionToChunks(completion);
    expect(chunksToSse(first ? [first] : [])).toBe(
      `data: ${JSON.stringify(first)}\n\ndata: [DONE]\n\n`,
    );
  });
});

describe('renderReply', () => {
  it('serves body scripts verbatim even when the request streams', () => {
    const streaming = { ...context, request: { ...context.request, stream: true } };
    expect(renderReply({ body: '{"x":1}', status: 201 }, streaming)).toMatchObject({
      status: 201,
      contentType: 'application/json',
      body: '{"x":1}',
    });
    expect(renderReply({ content: 'hi' }, streaming).contentType).toBe('text/event-stream');
  });
});
