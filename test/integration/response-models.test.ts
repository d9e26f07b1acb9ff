import 'reflect-metadata';
import { fromProvider, Mode, type Instructor } from '../../src';
import { FakeOpenAIServer } from '../../src/testing';
import { functionToolOf } from './support';
import { Contact, Address } from '../fixtures/models/address-book.models';

describe('responseModel forms', () => {
  let server: FakeOpenAIServer;
  let client: Instructor;
  const messages = [{ role: 'user' as const, content: 'Answer briefly.' }];

  beforeAll(async () => {
    server = await FakeOpenAIServer.start();
    client = fromProvider('openai/gpt-4.1-mini', { client: server.client(), maxRetries: 1 });
  });
  afterAll(() => server.stop());
  beforeEach(() => server.reset());

  it('a class with nested @ValidateNested/@Type classes becomes nested instances', async () => {
    server.reply({
      toolCall: {
        name: 'Contact',
        arguments: { name: 'Ada', address: { street: 'Main St', zip: '12345' }, tags: ['x'] },
      },
    });

    const contact = await client.create({ messages, responseModel: Contact });

    expect(contact).toBeInstanceOf(Contact);
    expect(contact.address).toBeInstanceOf(Address);
    expect(contact).toEqual({
      name: 'Ada',
      address: { street: 'Main St', zip: '12345' },
      tags: ['x'],
    });
    const parameters = functionToolOf(server.requests[0]).function.parameters as {
      properties: Record<string, unknown>;
      required: string[];
    };
    expect(parameters.required).toEqual(['name', 'address']);
    expect(parameters.properties.address).toMatchObject({
      type: 'object',
      properties: { street: { type: 'string' }, zip: { type: 'string' } },
    });
  });

  it('drops keys the model invented instead of failing', async () => {
    server.reply({
      toolCall: {
        name: 'Contact',
        arguments: { name: 'Ada', address: { street: 'Main St', zip: '12345' }, mood: 'happy' },
      },
    });

    const contact = await client.create({ messages, responseModel: Contact });

    expect(contact).not.toHaveProperty('mood');
  });

  it('String returns the bare string through a `Response` tool', async () => {
    server.reply({ toolCall: { name: 'Response', arguments: { content: 'Paris' } } });

    const answer: string = await client.create({ messages, responseModel: String });

    expect(answer).toBe('Paris');
    expect(functionToolOf(server.requests[0]).function).toMatchObject({
      name: 'Response',
      parameters: {
        type: 'object',
        properties: { content: { type: 'string' } },
        required: ['content'],
      },
    });
  });

  it('Number and Boolean return bare values and re-ask on the wrong type', async () => {
    server.reply(
      { toolCall: { name: 'Response', arguments: { content: 'forty-two' } } },
      { toolCall: { name: 'Response', arguments: { content: 42 } } },
      { content: '{"content": true}' },
    );

    const count: number = await client.create({ messages, responseModel: Number });
    const flag: boolean = await fromProvider('openai/gpt-4.1-mini', {
      client: server.client(),
      mode: Mode.JSON_SCHEMA,
    }).create({ messages, responseModel: Boolean });

    expect(count).toBe(42);
    expect(server.requests[1]!.messages[2]!.content).toContain('content: content must be a number');
    expect(flag).toBe(true);
    expect(server.requests[2]!.response_format).toMatchObject({
      json_schema: { name: 'Response', strict: true },
    });
  });

  it('null returns the raw ChatCompletion without tools, parsing or retries', async () => {
    server.reply({ content: 'just text, not JSON' });

    const completion = await client.create({ messages, responseModel: null });

    expect(completion.object).toBe('chat.completion');
    expect(completion.choices[0]!.message.content).toBe('just text, not JSON');
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.tools).toBeUndefined();
    expect(server.requests[0]!.tool_choice).toBeUndefined();
  });

  it('rejects something that is not a response model with a ConfigurationError before any request', async () => {
    await expect(
      client.create({ messages, responseModel: 'User' as unknown as null }),
    ).rejects.toMatchObject({ name: 'ConfigurationError' });
    expect(server.requests).toHaveLength(0);
  });
});
