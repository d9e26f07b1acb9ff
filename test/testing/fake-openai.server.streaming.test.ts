import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RateLimitError } from 'openai';
import type {
  ChatCompletionChunk,
  ChatCompletionCreateParamsStreaming,
} from 'openai/resources/chat/completions';
import { FakeOpenAIServer } from '../../src/testing';

const realdata = join(__dirname, '../fixtures/recorded/openai-python/stream');
const params: ChatCompletionCreateParamsStreaming = {
  model: 'gpt-4o-mini',
  messages: [{ role: 'user', content: 'Extract the weather' }],
  stream: true,
};

describe('FakeOpenAIServer streaming', () => {
  let server: FakeOpenAIServer;

  beforeAll(async () => {
    server = await FakeOpenAIServer.start();
  });
  afterAll(() => server.stop());
  beforeEach(() => server.reset());

  async function streamChunks(
    extra: Partial<ChatCompletionCreateParamsStreaming> = {},
  ): Promise<ChatCompletionChunk[]> {
    const stream = await server.client().chat.completions.create({ ...params, ...extra });
    const chunks: ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    return chunks;
  }

  it('streams text content as several deltas ending with finish_reason', async () => {
    server.reply({ content: 'The quick brown fox jumps over the lazy dog' });
    const chunks = await streamChunks();
    const deltas = chunks.map((chunk) => chunk.choices[0]?.delta);
    expect(deltas[0]).toEqual({ role: 'assistant', content: '', refusal: null });
    const pieces = deltas.map((delta) => delta?.content).filter((piece) => piece);
    expect(pieces).toEqual(['The quic', 'k brown ', 'fox jump', 's over t', 'he lazy ', 'dog']);
    expect(chunks.map((chunk) => chunk.choices[0]?.finish_reason)).toEqual([
      ...Array<null>(7).fill(null),
      'stop',
    ]);
    expect(chunks.every((chunk) => chunk.object === 'chat.completion.chunk')).toBe(true);
    expect(chunks.every((chunk) => chunk.id === 'chatcmpl-fake-1')).toBe(true);
    expect(chunks.some((chunk) => chunk.usage)).toBe(false);
  });

  it('adds a usage chunk with empty choices when stream_options.include_usage is set', async () => {
    const usage = { prompt_tokens: 7, completion_tokens: 3, total_tokens: 10 };
    server.reply({ content: 'Hi', usage });
    const chunks = await streamChunks({ stream_options: { include_usage: true } });
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage });
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe('stop');
  });

  it('streams parallel tool calls as id/name deltas followed by argument pieces', async () => {
    server.reply({
      toolCalls: [
        { name: 'GetWeather', arguments: { city: 'Edinburgh', country: 'UK' } },
        { name: 'GetWeather', arguments: { city: 'Paris', country: 'FR' } },
      ],
    });
    const chunks = await streamChunks();
    const toolDeltas = chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []);
    expect(toolDeltas[0]).toEqual({
      index: 0,
      id: 'call_1_0',
      type: 'function',
      function: { name: 'GetWeather', arguments: '' },
    });
    expect(toolDeltas[1]).toEqual({ index: 0, function: { arguments: '{"city":' } });
    const argumentsOf = (index: number): string =>
      toolDeltas
        .filter((delta) => delta.index === index)
        .map((delta) => delta.function?.arguments ?? '')
        .join('');
    expect(argumentsOf(0)).toBe('{"city":"Edinburgh","country":"UK"}');
    expect(argumentsOf(1)).toBe('{"city":"Paris","country":"FR"}');
    expect(toolDeltas.filter((delta) => delta.id).map((delta) => delta.id)).toEqual([
      'call_1_0',
      'call_1_1',
    ]);
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('tool_calls');
  });

  it('produces chunks the SDK stream helper reassembles into the same completion', async () => {
    server.reply(
      { toolCall: { name: 'User', arguments: { name: 'Ada', age: 36 } } },
      { refusal: 'I cannot help with that.' },
    );
    const client = server.client();
    const base = { model: params.model, messages: params.messages };
    const toolCall = await client.chat.completions.stream(base).finalChatCompletion();
    expect(toolCall.choices[0]?.message.tool_calls).toEqual([
      {
        id: 'call_1_0',
        type: 'function',
        function: { name: 'User', arguments: '{"name":"Ada","age":36}' },
      },
    ]);
    const refusal = await client.chat.completions.stream(base).finalChatCompletion();
    expect(refusal.choices[0]?.message).toMatchObject({
      content: null,
      refusal: 'I cannot help with that.',
    });
    expect(server.requests.map((request) => request.stream)).toEqual([true, true]);
  });

  it('answers a streaming request with a plain JSON error for error scripts', async () => {
    server.reply({ error: { status: 429, message: 'Slow down' } });
    const error = await streamChunks().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ status: 429, requestID: 'req_fake_1' });
  });

  it('serves a recorded event stream verbatim', async () => {
    const sse = readFileSync(join(realdata, 'test_parse_pydantic_tool.sse'), 'utf8');
    server.reply({ sse });
    const chunks = await streamChunks();
    expect(chunks).toHaveLength(17); // 18 data lines, the last being [DONE]
    expect(chunks[0]?.id).toBe('chatcmpl-ABfw8AOXnoa2kzy11vVTSjuQhHCQr');
    const argumentsText = chunks
      .flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? [])
      .map((delta) => delta.function?.arguments ?? '')
      .join('');
    expect(argumentsText).toBe('{"city":"Edinburgh","country":"UK","units":"c"}');
    expect(chunks.at(-1)?.usage?.total_tokens).toBe(100);
  });
});
