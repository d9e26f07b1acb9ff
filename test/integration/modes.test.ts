import 'reflect-metadata';
import { Description, fromProvider, Mode, type Instructor } from '../../src';
import { FakeOpenAIServer } from '../../src/testing';
import { IsOptional, IsString } from 'class-validator';
import { User } from '../fixtures/models/user.model';
import { functionToolOf } from './support';

class Profile {
  @IsString() name!: string;
  @IsOptional() @IsString() @Description('What friends call them') nickname?: string | null;
}

const USER_SCHEMA = {
  type: 'object',
  description: 'A person mentioned in the text',
  properties: {
    name: { type: 'string' },
    age: { type: 'integer', minimum: 0, description: 'Age in whole years' },
  },
  required: ['name', 'age'],
  additionalProperties: false,
};

describe('modes: the request each mode sends and how it reads the reply', () => {
  let server: FakeOpenAIServer;
  const messages = [{ role: 'user' as const, content: 'Extract: Jason is 25' }];

  beforeAll(async () => {
    server = await FakeOpenAIServer.start();
  });
  afterAll(() => server.stop());
  beforeEach(() => server.reset());

  function clientFor(mode: Mode): Instructor {
    return fromProvider('openai/gpt-4.1-mini', { client: server.client(), mode });
  }

  it('TOOLS forces one function tool named after the class and reads its arguments', async () => {
    server.reply({ toolCall: { name: 'User', arguments: { name: 'Jason', age: 25 } } });

    const user = await clientFor(Mode.TOOLS).create({ messages, responseModel: User });

    expect(user).toBeInstanceOf(User);
    expect(user).toEqual({ name: 'Jason', age: 25 });
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request!.model).toBe('gpt-4.1-mini');
    expect(request!.messages).toEqual(messages);
    expect(request!.tools).toEqual([
      {
        type: 'function',
        function: {
          name: 'User',
          description: 'A person mentioned in the text',
          parameters: USER_SCHEMA,
        },
      },
    ]);
    expect(request!.tool_choice).toEqual({ type: 'function', function: { name: 'User' } });
    expect(request!.response_format).toBeUndefined();
  });

  it('TOOLS_STRICT marks the tool strict and sends the strict schema', async () => {
    server.reply({ toolCall: { name: 'User', arguments: '{"name":"Jason","age":25}' } });

    const user = await clientFor(Mode.TOOLS_STRICT).create({ messages, responseModel: User });

    expect(user).toEqual({ name: 'Jason', age: 25 });
    const tool = server.requests[0]!.tools![0]!;
    expect(tool).toEqual({
      type: 'function',
      function: {
        name: 'User',
        description: 'A person mentioned in the text',
        parameters: USER_SCHEMA,
        strict: true,
      },
    });
  });

  it('JSON asks for json_object and puts the schema in a system message', async () => {
    server.reply({ content: '{"name":"Jason","age":25}' });

    const user = await clientFor(Mode.JSON).create({ messages, responseModel: User });

    expect(user).toBeInstanceOf(User);
    expect(user).toEqual({ name: 'Jason', age: 25 });
    const request = server.requests[0]!;
    expect(request.response_format).toEqual({ type: 'json_object' });
    expect(request.tools).toBeUndefined();
    expect(request.messages).toHaveLength(2);
    expect(request.messages[0]!.role).toBe('system');
    expect(request.messages[0]!.content).toContain(JSON.stringify(USER_SCHEMA));
    // json_object needs the word JSON in the prompt, and a model told to answer with it alone.
    expect(request.messages[0]!.content).toMatch(/Reply with the JSON object only\.$/);
    expect(request.messages[1]).toEqual(messages[0]);
  });

  it('JSON appends the schema to an existing system message instead of adding a second one', async () => {
    server.reply({ content: '{"name":"Jason","age":25}' });
    const withSystem = [{ role: 'system' as const, content: 'You extract people.' }, ...messages];

    await clientFor(Mode.JSON).create({ messages: withSystem, responseModel: User });

    const sent = server.requests[0]!.messages;
    expect(sent).toHaveLength(2);
    expect(sent[0]!.content).toMatch(/^You extract people\.\n\n/);
    expect(sent[0]!.content).toContain(JSON.stringify(USER_SCHEMA));
    expect(withSystem[0]!.content).toBe('You extract people.');
  });

  it('JSON_SCHEMA sends OpenAI native strict response_format named after the class', async () => {
    server.reply({ content: '{"name":"Jason","age":25}' });

    const user = await clientFor(Mode.JSON_SCHEMA).create({ messages, responseModel: User });

    expect(user).toEqual({ name: 'Jason', age: 25 });
    const request = server.requests[0]!;
    expect(request.response_format).toEqual({
      type: 'json_schema',
      json_schema: {
        name: 'User',
        description: 'A person mentioned in the text',
        schema: USER_SCHEMA,
        strict: true,
      },
    });
    expect(request.messages).toEqual(messages);
    expect(request.tools).toBeUndefined();
  });

  it('MD_JSON asks for a ```json fence in the prompt and reads the fenced block', async () => {
    server.reply({
      content: 'Here you go:\n```json\n{"name": "Jason", "age": 25}\n```\nAnything else?',
    });

    const user = await clientFor(Mode.MD_JSON).create({ messages, responseModel: User });

    expect(user).toBeInstanceOf(User);
    expect(user).toEqual({ name: 'Jason', age: 25 });
    const request = server.requests[0]!;
    expect(request.response_format).toBeUndefined();
    expect(request.tools).toBeUndefined();
    expect(request.messages[0]!.role).toBe('system');
    expect(request.messages[0]!.content).toContain('```json');
    expect(request.messages[0]!.content).toContain(JSON.stringify(USER_SCHEMA));
  });

  it.each([Mode.TOOLS_STRICT, Mode.JSON_SCHEMA])(
    '%s sends optional fields as required anyOf [T, null] and accepts null for them',
    async (mode) => {
      const reply = '{"name":"Ada","nickname":null}';
      server.reply(
        mode === Mode.TOOLS_STRICT
          ? { toolCall: { name: 'Profile', arguments: reply } }
          : { content: reply },
      );

      const profile = await clientFor(mode).create({ messages, responseModel: Profile });

      expect(profile).toBeInstanceOf(Profile);
      expect(profile).toEqual({ name: 'Ada', nickname: null });
      const request = server.requests[0]!;
      const schema =
        mode === Mode.TOOLS_STRICT
          ? functionToolOf(request).function.parameters
          : (request.response_format as { json_schema: { schema: unknown } }).json_schema.schema;
      expect(schema).toEqual({
        type: 'object',
        properties: {
          name: { type: 'string' },
          nickname: {
            description: 'What friends call them',
            anyOf: [{ type: 'string' }, { type: 'null' }],
          },
        },
        required: ['name', 'nickname'],
        additionalProperties: false,
      });
    },
  );

  it('a mode chosen per client is used for every call of that client', async () => {
    const client = clientFor(Mode.JSON_SCHEMA);
    server.reply({ content: '{"name":"A","age":1}' }, { content: '{"name":"B","age":2}' });

    await client.create({ messages, responseModel: User });
    await client.create({ messages, responseModel: User });

    expect(server.requests.map((request) => request.response_format?.type)).toEqual([
      'json_schema',
      'json_schema',
    ]);
  });
});
