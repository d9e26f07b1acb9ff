import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  APIConnectionError,
  APIUserAbortError,
  BadRequestError,
  InternalServerError,
  NotFoundError,
  RateLimitError,
} from 'openai';
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import { FakeOpenAIServer } from '../../src/testing';

const realdata = join(__dirname, '../fixtures/recorded/openai-python/nonstream');
const params: ChatCompletionCreateParamsNonStreaming = {
  model: 'gpt-4o-mini',
  messages: [{ role: 'user', content: 'Extract: Ada is 36' }],
};

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

describe('FakeOpenAIServer', () => {
  let server: FakeOpenAIServer;

  beforeAll(async () => {
    server = await FakeOpenAIServer.start();
  });
  afterAll(() => server.stop());
  beforeEach(() => server.reset());

  it('listens on loopback and exposes a /v1 base URL', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
  });

  it('answers a content script with an assistant text message', async () => {
    server.reply({ content: 'Hello there' });
    const completion = await server.client().chat.completions.create(params);
    expect(completion).toMatchObject({
      id: 'chatcmpl-fake-1',
      object: 'chat.completion',
      model: 'gpt-4o-mini',
      usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
    });
    expect(completion.choices).toEqual([
      {
        index: 0,
        message: { role: 'assistant', content: 'Hello there', refusal: null },
        logprobs: null,
        finish_reason: 'stop',
      },
    ]);
    expect(completion._request_id).toBe('req_fake_1');
  });

  it('answers a toolCall script with JSON-encoded object arguments', async () => {
    server.reply({ toolCall: { name: 'User', arguments: { name: 'Ada', age: 36 } } });
    const completion = await server.client().chat.completions.create(params);
    expect(completion.choices[0]?.finish_reason).toBe('tool_calls');
    expect(completion.choices[0]?.message.content).toBeNull();
    expect(completion.choices[0]?.message.tool_calls).toEqual([
      {
        id: 'call_1_0',
        type: 'function',
        function: { name: 'User', arguments: '{"name":"Ada","age":36}' },
      },
    ]);
  });

  it('sends string tool-call arguments verbatim, even when they are not JSON', async () => {
    server.reply({ toolCall: { name: 'User', arguments: '{"name": "Ada", ' } });
    const completion = await server.client().chat.completions.create(params);
    const call = completion.choices[0]?.message.tool_calls?.[0];
    expect(call?.type === 'function' && call.function.arguments).toBe('{"name": "Ada", ');
  });

  it('answers a toolCalls script with parallel calls in order', async () => {
    server.reply({
      toolCalls: [
        { name: 'User', arguments: { name: 'Ada' } },
        { name: 'User', arguments: { name: 'Alan' } },
      ],
    });
    const completion = await server.client().chat.completions.create(params);
    const calls = completion.choices[0]?.message.tool_calls ?? [];
    expect(calls.map((call) => call.id)).toEqual(['call_1_0', 'call_1_1']);
    expect(calls.map((call) => call.type === 'function' && call.function.arguments)).toEqual([
      '{"name":"Ada"}',
      '{"name":"Alan"}',
    ]);
  });

  it('answers a refusal script with message.refusal and null content', async () => {
    server.reply({ refusal: "I'm sorry, I can't help with that." });
    const completion = await server.client().chat.completions.create(params);
    expect(completion.choices[0]?.message).toEqual({
      role: 'assistant',
      content: null,
      refusal: "I'm sorry, I can't help with that.",
    });
  });

  it('applies finishReason, usage, headers and completion overrides', async () => {
    const usage = { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 };
    server.reply(
      { content: '{"name": "Ad', finishReason: 'length', usage, headers: { 'x-extra': 'yes' } },
      { content: 'unused', completion: { choices: [] } },
    );
    const client = server.client();
    const { data, response } = await client.chat.completions.create(params).withResponse();
    expect(data.choices[0]?.finish_reason).toBe('length');
    expect(data.usage).toEqual(usage);
    expect(response.headers.get('x-extra')).toBe('yes');
    const empty = await client.chat.completions.create(params);
    expect(empty.choices).toEqual([]);
  });

  it('answers an error script with the SDK error class, status, message and request id', async () => {
    server.reply(
      {
        error: { status: 429, message: 'Slow down', type: 'requests', code: 'rate_limit_exceeded' },
      },
      { error: { status: 400 } },
    );
    const client = server.client();
    const rateLimited = await rejectionOf(client.chat.completions.create(params));
    expect(rateLimited).toBeInstanceOf(RateLimitError);
    expect(rateLimited).toMatchObject({
      status: 429,
      message: '429 Slow down',
      type: 'requests',
      code: 'rate_limit_exceeded',
      param: null,
      requestID: 'req_fake_1',
    });
    const badRequest = await rejectionOf(client.chat.completions.create(params));
    expect(badRequest).toBeInstanceOf(BadRequestError);
    expect(badRequest).toMatchObject({
      message: '400 FakeOpenAIServer: scripted 400 error',
      type: 'invalid_request_error',
      code: null,
      requestID: 'req_fake_2',
    });
  });

  it('serves a recorded body verbatim', async () => {
    const body = readFileSync(join(realdata, 'test_parse_pydantic_tool.json'), 'utf8');
    server.reply({ body });
    const completion = await server.client().chat.completions.create(params);
    expect(completion.id).toBe('chatcmpl-ABfvx6Z4dchiW2nya1N8KMsHFrQRE');
    expect(completion.model).toBe('gpt-4o-2024-08-06');
    expect(completion.choices[0]?.message.tool_calls).toEqual([
      {
        id: 'call_Y6qJ7ofLgOrBnMD5WbVAeiRV',
        type: 'function',
        function: {
          name: 'GetWeatherArgs',
          arguments: '{"city":"Edinburgh","country":"UK","units":"c"}',
        },
      },
    ]);
  });

  it('records request bodies and headers in arrival order', async () => {
    server.reply({ content: 'one' }, { content: 'two' });
    const client = server.client();
    await client.chat.completions.create(params);
    await client.chat.completions.create({
      ...params,
      model: 'gpt-4o',
      tools: [{ type: 'function', function: { name: 'User', parameters: { type: 'object' } } }],
      tool_choice: { type: 'function', function: { name: 'User' } },
    });
    expect(server.requests.map((request) => request.model)).toEqual(['gpt-4o-mini', 'gpt-4o']);
    expect(server.requests[0]?.messages).toEqual(params.messages);
    expect(server.requests[1]?.tools?.[0]).toMatchObject({ function: { name: 'User' } });
    expect(server.requestHeaders[0]?.authorization).toBe('Bearer sk-fake-test-key');
    expect(server.requestHeaders).toHaveLength(2);
  });

  it('fails loudly with a 500 when no reply is queued', async () => {
    server.reply({ content: 'only one' });
    const client = server.client();
    await client.chat.completions.create(params);
    const error = await rejectionOf(client.chat.completions.create(params));
    expect(error).toBeInstanceOf(InternalServerError);
    expect((error as InternalServerError).message).toBe(
      '500 FakeOpenAIServer: no reply queued for request 2',
    );
    expect(server.requests).toHaveLength(2);
  });

  it('evaluates function scripts against their own request, even for 50 concurrent calls', async () => {
    const echo = (request: { messages: ReadonlyArray<{ content?: unknown }> }) => ({
      content: `echo: ${String(request.messages[0]?.content)}`,
    });
    server.reply(...Array.from({ length: 50 }, () => echo));
    const client = server.client();
    const inputs = Array.from({ length: 50 }, (_, index) => `message ${index}`);
    const replies = await Promise.all(
      inputs.map((content) =>
        client.chat.completions.create({ ...params, messages: [{ role: 'user', content }] }),
      ),
    );
    expect(replies.map((reply) => reply.choices[0]?.message.content)).toEqual(
      inputs.map((input) => `echo: ${input}`),
    );
    expect(server.requests).toHaveLength(50);
  });

  it('turns a throwing function script into a 500 carrying its message', async () => {
    server.reply(() => {
      throw new Error('boom');
    });
    const error = await rejectionOf(server.client().chat.completions.create(params));
    expect(error).toBeInstanceOf(InternalServerError);
    expect((error as InternalServerError).message).toBe(
      '500 FakeOpenAIServer: reply script for request 1 threw: boom',
    );
    expect(server.requests).toHaveLength(1);
  });

  it('records request bodies of several megabytes', async () => {
    const content = 'é'.repeat(3 * 1024 * 1024);
    server.reply({ content: 'ok' });
    await server
      .client()
      .chat.completions.create({ ...params, messages: [{ role: 'user', content }] });
    expect(server.requests[0]?.messages[0]?.content).toBe(content);
  });

  it('answers other routes with 404 and invalid JSON with 400', async () => {
    const notFound = await rejectionOf(server.client().models.list());
    expect(notFound).toBeInstanceOf(NotFoundError);
    expect((notFound as NotFoundError).message).toContain('no route for GET /v1/models');
    const response = await fetch(`${server.url}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"model": ',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: { type: 'invalid_request_error', param: null, code: null },
    });
    expect(server.requests).toHaveLength(0);
  });

  it('survives a client that disconnects during delayMs, clearing the timer', async () => {
    const setTimeoutSpy = jest.spyOn(global, 'setTimeout');
    const clearTimeoutSpy = jest.spyOn(global, 'clearTimeout');
    try {
      let arrived!: () => void;
      const arrival = new Promise<void>((resolve) => (arrived = resolve));
      server.reply((): { content: string; delayMs: number } => {
        arrived();
        // An odd delay, so its timer is not confused with the SDK's own 600 s timeout timer.
        return { content: 'too late', delayMs: 432_100 };
      });
      const controller = new AbortController();
      const call = server.client().chat.completions.create(params, { signal: controller.signal });
      await arrival;
      const delayIndex = setTimeoutSpy.mock.calls.findIndex(([, delay]) => delay === 432_100);
      const delayTimer: unknown = setTimeoutSpy.mock.results[delayIndex]?.value;
      expect(delayTimer).toBeDefined();
      controller.abort();
      expect(await rejectionOf(call)).toBeInstanceOf(APIUserAbortError);
      // The server learns of the disconnect asynchronously; bounded so a leak fails, not hangs.
      const cleared = (): boolean =>
        clearTimeoutSpy.mock.calls.some(([timer]) => timer === delayTimer);
      const deadline = Date.now() + 5_000;
      while (!cleared() && Date.now() < deadline) {
        await new Promise((resolve) => setImmediate(resolve));
      }
      expect(cleared()).toBe(true);
    } finally {
      setTimeoutSpy.mockRestore();
      clearTimeoutSpy.mockRestore();
    }
    server.reply({ content: 'still serving' });
    const next = await server.client().chat.completions.create(params);
    expect(next.choices[0]?.message.content).toBe('still serving');
  });

  it('reset() forgets queued replies and recorded requests', async () => {
    server.reply({ content: 'first' }, { content: 'queued, then forgotten' });
    await server.client().chat.completions.create(params);
    const before = server.requests;
    server.reset();
    expect(server.requests).toEqual([]);
    expect(before).toHaveLength(1);
    const error = await rejectionOf(server.client().chat.completions.create(params));
    expect((error as InternalServerError).message).toContain('no reply queued for request 1');
  });
});

describe('FakeOpenAIServer.stop', () => {
  it('closes the server idempotently, so later calls cannot connect', async () => {
    const server = await FakeOpenAIServer.start();
    server.reply({ content: 'before stop' });
    const client = server.client();
    await client.chat.completions.create(params);
    await Promise.all([server.stop(), server.stop()]);
    await server.stop();
    expect(await rejectionOf(client.chat.completions.create(params))).toBeInstanceOf(
      APIConnectionError,
    );
  });
});
