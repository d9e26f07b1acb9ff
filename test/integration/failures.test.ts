import 'reflect-metadata';
import { APIConnectionError, APIUserAbortError } from 'openai';
import {
  fromProvider,
  IncompleteOutputException,
  InstructorRetryException,
  Mode,
  ProviderError,
  RefusalError,
  ValidationError,
  type Instructor,
} from '../../src';
import { FakeOpenAIServer } from '../../src/testing';
import { Contact } from '../fixtures/models/address-book.models';
import { User } from '../fixtures/models/user.model';
import { failureOf } from './support';

const messages = [{ role: 'user' as const, content: 'Extract: Jason is 25' }];

function expectNoPollution(): void {
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.prototype).not.toHaveProperty('polluted');
}

describe('every bad reply ends in the documented typed error', () => {
  let server: FakeOpenAIServer;
  let client: Instructor;

  beforeAll(async () => {
    server = await FakeOpenAIServer.start();
  });
  afterAll(() => server.stop());
  beforeEach(() => {
    server.reset();
    client = fromProvider('openai/gpt-4.1-mini', { client: server.client(), maxRetries: 1 });
  });

  it('bad JSON in the tool arguments is a ValidationError with no class-validator errors, re-asked', async () => {
    server.reply(
      { toolCall: { name: 'User', arguments: '{"name": "Jason", age: 25' } },
      { toolCall: { name: 'User', arguments: 'not json at all' } },
    );

    const error = await failureOf(client.create({ messages, responseModel: User }));

    expect(error).toBeInstanceOf(InstructorRetryException);
    expect(server.requests).toHaveLength(2);
    const cause = (error as InstructorRetryException).cause as ValidationError;
    expect(cause).toBeInstanceOf(ValidationError);
    expect(cause.errors).toEqual([]);
    expect(cause.rawText).toBe('not json at all');
    expect(cause.message).toMatch(/not valid JSON/);
    expect(server.requests[1]!.messages[2]!.content).toMatch(/not valid JSON/);
  });

  it('a text reply where a tool call was forced is a parse failure and is re-asked', async () => {
    server.reply(
      { content: 'Jason is 25 years old.' },
      {
        toolCall: { name: 'User', arguments: { name: 'Jason', age: 25 } },
      },
    );

    const user = await client.create({ messages, responseModel: User });

    expect(user).toEqual({ name: 'Jason', age: 25 });
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]!.messages.slice(1)).toEqual([
      { role: 'assistant', content: 'Jason is 25 years old.' },
      { role: 'user', content: expect.stringContaining('no tool call') },
    ]);
  });

  it('a call to a tool of another name is a parse failure', async () => {
    server.reply(
      { toolCall: { name: 'Person', arguments: { name: 'Jason', age: 25 } } },
      { toolCall: { name: 'Person', arguments: { name: 'Jason', age: 25 } } },
    );

    const error = await failureOf(client.create({ messages, responseModel: User }));

    expect(error).toBeInstanceOf(InstructorRetryException);
    expect(server.requests).toHaveLength(2);
    expect((error as InstructorRetryException).cause).toBeInstanceOf(ValidationError);
    expect((error as InstructorRetryException).cause.message).toContain(
      'called `Person`; expected a call to `User`',
    );
  });

  it('a reply with empty choices is a parse failure, re-asked', async () => {
    const empty = JSON.stringify({
      id: 'chatcmpl-empty',
      object: 'chat.completion',
      created: 1,
      model: 'gpt-4.1-mini',
      choices: [],
      usage: { prompt_tokens: 3, completion_tokens: 0, total_tokens: 3 },
    });
    server.reply({ body: empty }, { body: empty });

    const error = await failureOf(client.create({ messages, responseModel: User }));

    expect(error).toBeInstanceOf(InstructorRetryException);
    expect(server.requests).toHaveLength(2);
    expect((error as InstructorRetryException).cause.message).toBe('The reply has no choices.');
    expect((error as InstructorRetryException).totalUsage.total_tokens).toBe(6);
  });

  it('wrong types produce class-validator errors with paths, including nested ones', async () => {
    const wrong = { name: 42, address: { street: 'Main St', zip: 1234 }, tags: ['a', 3] };
    server.reply(
      { toolCall: { name: 'Contact', arguments: wrong } },
      { toolCall: { name: 'Contact', arguments: wrong } },
    );

    const error = await failureOf(client.create({ messages, responseModel: Contact }));

    const cause = (error as InstructorRetryException).cause as ValidationError;
    expect(cause).toBeInstanceOf(ValidationError);
    expect(cause.errors.map((item) => item.property).sort()).toEqual(['address', 'name', 'tags']);
    expect(cause.message).toContain('name: name must be a string');
    expect(cause.message).toContain('address.zip: zip must be a string');
    expect(cause.message).toContain('tags: each value in tags must be a string');
  });

  it('__proto__, constructor and prototype keys never reach any prototype', async () => {
    const hostile =
      '{"name":"Jason","age":25,"__proto__":{"polluted":true,"age":-1},' +
      '"constructor":{"prototype":{"polluted":true}},' +
      '"address":{"street":"x","zip":"12345","__proto__":{"polluted":true}},' +
      '"\\u005f_proto__":{"polluted":true}}';
    server.reply(
      { toolCall: { name: 'User', arguments: hostile } },
      { toolCall: { name: 'Contact', arguments: hostile } },
    );

    const user = await client.create({ messages, responseModel: User });
    const contact = await client.create({ messages, responseModel: Contact });

    expect(Object.getPrototypeOf(user)).toBe(User.prototype);
    expect(user).toEqual({ name: 'Jason', age: 25 });
    expect(Object.getPrototypeOf(contact.address)).toBe(
      Object.getPrototypeOf(new (contact.address.constructor as new () => object)()),
    );
    expect((contact.address as unknown as Record<string, unknown>).polluted).toBeUndefined();
    expect(User.prototype).not.toHaveProperty('polluted');
    expectNoPollution();
  });

  it('a 1 MB reply is handled: valid ones parse, hostile ones end in a ValidationError', async () => {
    const longName = 'x'.repeat(1024 * 1024);
    const deeplyNested = '['.repeat(512 * 1024) + ']'.repeat(512 * 1024);
    server.reply(
      { toolCall: { name: 'User', arguments: { name: longName, age: 25 } } },
      { toolCall: { name: 'User', arguments: deeplyNested } },
      { toolCall: { name: 'User', arguments: deeplyNested } },
    );

    const user = await client.create({ messages, responseModel: User });
    const error = await failureOf(client.create({ messages, responseModel: User }));

    expect(user.name).toHaveLength(1024 * 1024);
    expect(error).toBeInstanceOf(InstructorRetryException);
    expect((error as InstructorRetryException).cause).toBeInstanceOf(ValidationError);
    expect(server.requests).toHaveLength(3);
  });

  it('finish_reason "length" is an IncompleteOutputException and is not re-asked', async () => {
    server.reply({
      toolCall: { name: 'User', arguments: '{"name": "Ja' },
      finishReason: 'length',
    });

    const error = await failureOf(client.create({ messages, responseModel: User }));

    expect(error).toBeInstanceOf(IncompleteOutputException);
    expect((error as IncompleteOutputException).lastCompletion.choices[0]!.finish_reason).toBe(
      'length',
    );
    expect(server.requests).toHaveLength(1);
  });

  it('a refusal ends the call with a RefusalError carrying the text, not re-asked', async () => {
    server.reply({ refusal: "I'm sorry, I can't help with that." });

    const error = await failureOf(client.create({ messages, responseModel: User }));

    expect(error).toBeInstanceOf(RefusalError);
    expect((error as RefusalError).refusal).toBe("I'm sorry, I can't help with that.");
    expect((error as RefusalError).message).toContain("I'm sorry, I can't help with that.");
    expect(server.requests).toHaveLength(1);
  });

  it.each([400, 429, 500])(
    'HTTP %i is a ProviderError with status, request id and the SDK error as cause',
    async (status) => {
      server.reply({ error: { status, message: `upstream said ${status}` } });

      const error = await failureOf(client.create({ messages, responseModel: User }));

      expect(error).toBeInstanceOf(ProviderError);
      const providerError = error as ProviderError;
      expect(providerError.provider).toBe('openai');
      expect(providerError.status).toBe(status);
      expect(providerError.requestId).toMatch(/^req_fake_/);
      expect(providerError.message).toContain(`upstream said ${status}`);
      expect((providerError.cause as { status: number }).status).toBe(status);
      expect(server.requests).toHaveLength(1);
    },
  );

  it('leaves HTTP retries to the SDK: its own maxRetries still applies, ours does not add any', async () => {
    const retrying = fromProvider('openai/gpt-4.1-mini', {
      client: server.client({ maxRetries: 2 }),
      maxRetries: 5,
    });
    const retryNow = { 'retry-after-ms': '1' };
    server.reply(
      { error: { status: 500 }, headers: retryNow },
      { error: { status: 500 }, headers: retryNow },
      { error: { status: 500 }, headers: retryNow },
    );

    const error = await failureOf(retrying.create({ messages, responseModel: User }));

    expect(error).toBeInstanceOf(ProviderError);
    expect(server.requests).toHaveLength(3);
  });

  it('a refused connection is a ProviderError without status', async () => {
    const closed = await FakeOpenAIServer.start();
    const deadClient = closed.client();
    await closed.stop();

    const error = await failureOf(
      fromProvider('openai/gpt-4.1-mini', { client: deadClient }).create({
        messages,
        responseModel: User,
      }),
    );

    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).status).toBeUndefined();
    expect((error as ProviderError).cause).toBeInstanceOf(APIConnectionError);
  });

  it('aborting during a request rejects with a ProviderError wrapping the SDK abort error', async () => {
    const controller = new AbortController();
    server.reply(() => {
      controller.abort();
      return { toolCall: { name: 'User', arguments: { name: 'Jason', age: 25 } }, delayMs: 2000 };
    });

    const error = await failureOf(
      client.create({ messages, responseModel: User, signal: controller.signal }),
    );

    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).cause).toBeInstanceOf(APIUserAbortError);
    expect(server.requests).toHaveLength(1);
  });

  it('aborting between attempts stops the retry loop before the re-ask is sent', async () => {
    const controller = new AbortController();
    const retrying = fromProvider('openai/gpt-4.1-mini', {
      client: server.client(),
      maxRetries: 3,
    });
    server.reply({ toolCall: { name: 'User', arguments: { name: 'Jason', age: -1 } } });
    retrying.on('parse:error', () => controller.abort());

    const error = await failureOf(
      retrying.create({ messages, responseModel: User, signal: controller.signal }),
    );

    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).cause).toBeInstanceOf(APIUserAbortError);
    expect(server.requests).toHaveLength(1);
  });

  it('never shows the API key in an error message', async () => {
    const secret = 'sk-proj-SECRETSECRETSECRET1234';
    const keyed = fromProvider('openai/gpt-4.1-mini', {
      client: server.client({ apiKey: secret }),
    });
    server.reply({
      error: { status: 401, message: `Incorrect API key provided: ${secret}.` },
    });

    const error = await failureOf(keyed.create({ messages, responseModel: User }));

    expect(error).toBeInstanceOf(ProviderError);
    expect((error as Error).message).toContain('Incorrect API key provided');
    expect((error as Error).message).not.toContain(secret);
    expect((error as Error).stack).not.toContain(secret);
  });

  it('JSON modes treat a non-object answer as a parse failure', async () => {
    const jsonClient = fromProvider('openai/gpt-4.1-mini', {
      client: server.client(),
      mode: Mode.JSON,
      maxRetries: 0,
    });
    server.reply({ content: '[1, 2, 3]' });

    const error = await failureOf(jsonClient.create({ messages, responseModel: User }));

    expect((error as InstructorRetryException).cause.message).toBe(
      'User: expected a JSON object, got an array',
    );
  });
});
