import 'reflect-metadata';
import {
  ConfigurationError,
  fromProvider,
  InstructorRetryException,
  Mode,
  ValidationError,
  type Instructor,
} from '../../src';
import { FakeOpenAIServer, type ReplyScript } from '../../src/testing';
import { User } from '../fixtures/models/user.model';
import { failureOf } from '../integration/support';

// Each mode through the public API and the real SDK: the request body it sends, how it reads the
// reply, how it re-asks, and the params it leaves to the caller.

const messages = [{ role: 'user' as const, content: 'Extract: Jason is 25' }];

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

/** The system prompt of the prompt modes, ending in the mode's answer format. */
function schemaPrompt(answerFormat: string): string {
  return (
    'A person mentioned in the text.\n' +
    'Answer with a JSON object that matches this JSON Schema (an instance of it, not the schema itself):\n' +
    `${JSON.stringify(USER_SCHEMA)}\n${answerFormat}`
  );
}

const JSON_PROMPT = schemaPrompt('Reply with the JSON object only.');
const MD_JSON_PROMPT = schemaPrompt('Reply with the JSON object inside a ```json code block.');

const USER_TOOL = {
  type: 'function',
  function: {
    name: 'User',
    description: 'A person mentioned in the text',
    parameters: USER_SCHEMA,
  },
};
const USER_TOOL_CHOICE = { type: 'function', function: { name: 'User' } };

/** The reply that carries `text` as the answer in `mode`. */
function replyFor(mode: Mode, text: string): ReplyScript {
  if (mode === Mode.TOOLS || mode === Mode.TOOLS_STRICT) {
    return { toolCall: { name: 'User', arguments: text } };
  }
  if (mode === Mode.MD_JSON) return { content: `Here:\n\`\`\`json\n${text}\n\`\`\`` };
  return { content: text };
}

const SINGLE_MODES = [Mode.TOOLS, Mode.TOOLS_STRICT, Mode.JSON, Mode.JSON_SCHEMA, Mode.MD_JSON];

describe('mode strategies over HTTP', () => {
  let server: FakeOpenAIServer;

  beforeAll(async () => {
    server = await FakeOpenAIServer.start();
  });
  afterAll(() => server.stop());
  beforeEach(() => server.reset());

  function clientFor(mode: Mode, maxRetries?: number): Instructor {
    return fromProvider('openai/gpt-4.1-mini', {
      client: server.client(),
      mode,
      ...(maxRetries === undefined ? {} : { maxRetries }),
    });
  }

  describe('the request body of each mode', () => {
    it.each([
      [Mode.TOOLS, { messages, tools: [USER_TOOL], tool_choice: USER_TOOL_CHOICE }],
      [
        Mode.TOOLS_STRICT,
        {
          messages,
          tools: [{ ...USER_TOOL, function: { ...USER_TOOL.function, strict: true } }],
          tool_choice: USER_TOOL_CHOICE,
        },
      ],
      [
        Mode.JSON,
        {
          messages: [{ role: 'system', content: JSON_PROMPT }, ...messages],
          response_format: { type: 'json_object' },
        },
      ],
      [
        Mode.JSON_SCHEMA,
        {
          messages,
          response_format: {
            type: 'json_schema',
            json_schema: {
              name: 'User',
              description: 'A person mentioned in the text',
              schema: USER_SCHEMA,
              strict: true,
            },
          },
        },
      ],
      [Mode.MD_JSON, { messages: [{ role: 'system', content: MD_JSON_PROMPT }, ...messages] }],
    ])('%s sends exactly its parts with the model and messages', async (mode, parts) => {
      server.reply(replyFor(mode, '{"name":"Jason","age":25}'));

      const user = await clientFor(mode).create({ messages, responseModel: User });

      expect(user).toBeInstanceOf(User);
      expect(user).toEqual({ name: 'Jason', age: 25 });
      expect(server.requests).toEqual([{ model: 'gpt-4.1-mini', ...parts }]);
    });

    it.each(SINGLE_MODES)('%s sends the same request parts on every attempt', async (mode) => {
      const client = clientFor(mode);
      server.reply(replyFor(mode, '{"name":"A","age":1}'), replyFor(mode, '{"name":"B","age":2}'));

      await client.create({ messages, responseModel: User });
      await client.create({ messages, responseModel: User });

      expect(server.requests).toHaveLength(2);
      expect(server.requests[1]).toEqual(server.requests[0]);
    });
  });

  describe('the re-ask of each text mode', () => {
    it.each([
      [Mode.JSON, JSON_PROMPT, 'Reply again with only a JSON object that fixes these errors.'],
      [Mode.JSON_SCHEMA, undefined, 'Reply again with a JSON object that fixes these errors.'],
      [
        Mode.MD_JSON,
        MD_JSON_PROMPT,
        'Reply again with a ```json code block holding a JSON object that fixes these errors.',
      ],
    ])(
      '%s echoes the reply and asks again in a user message',
      async (mode, prompt, instruction) => {
        const invalid = replyFor(mode, '{"name":"Jason","age":-1}') as { content: string };
        server.reply(invalid, replyFor(mode, '{"name":"Jason","age":25}'));

        const user = await clientFor(mode).create({ messages, responseModel: User });

        expect(user).toEqual({ name: 'Jason', age: 25 });
        expect(server.requests[1]!.messages).toEqual([
          ...(prompt === undefined ? [] : [{ role: 'system', content: prompt }]),
          ...messages,
          { role: 'assistant', content: invalid.content },
          {
            role: 'user',
            content:
              'Your previous answer was invalid.\n' +
              'User failed validation:\nage: age must not be less than 0\n' +
              instruction,
          },
        ]);
      },
    );

    it('MD_JSON names the ```json block when the reply holds no valid JSON', async () => {
      server.reply({ content: '```json\n{"name": "Jason",\n```' });

      const error = await failureOf(
        clientFor(Mode.MD_JSON, 0).create({ messages, responseModel: User }),
      );

      expect(error).toBeInstanceOf(InstructorRetryException);
      const cause = (error as InstructorRetryException).cause;
      expect(cause).toBeInstanceOf(ValidationError);
      expect(cause.message).toMatch(/^The ```json block of the reply is not valid JSON: /);
      expect((cause as ValidationError).rawText).toBe('{"name": "Jason",');
    });

    it.each([Mode.JSON, Mode.JSON_SCHEMA])(
      '%s names the reply when its text is not valid JSON',
      async (mode) => {
        server.reply({ content: 'Sure: {"name": "Jason"}' });

        const error = await failureOf(clientFor(mode, 0).create({ messages, responseModel: User }));

        const cause = (error as InstructorRetryException).cause;
        expect(cause).toBeInstanceOf(ValidationError);
        expect(cause.message).toMatch(/^The reply is not valid JSON: /);
        expect((cause as ValidationError).rawText).toBe('Sure: {"name": "Jason"}');
      },
    );
  });

  describe('the params a mode builds and those it leaves to the caller', () => {
    it.each([
      [Mode.JSON, 'JSON'],
      [Mode.JSON_SCHEMA, 'JSON_SCHEMA'],
    ])('%s refuses a response_format of the caller', async (mode, name) => {
      const error = await failureOf(
        clientFor(mode).create({
          messages,
          responseModel: User,
          response_format: { type: 'text' },
        }),
      );

      expect(error).toBeInstanceOf(ConfigurationError);
      expect((error as Error).message).toBe(
        `\`response_format\` is built by Mode.${name} from \`responseModel\`; leave it out (of the call and of ` +
          '`defaults`), or pass `responseModel: null` to send your own and get the raw completion.',
      );
      expect(server.requests).toHaveLength(0);
    });

    it('TOOLS_STRICT refuses tools and tool_choice of the caller', async () => {
      for (const param of ['tools', 'tool_choice']) {
        const error = await failureOf(
          clientFor(Mode.TOOLS_STRICT).create({ messages, responseModel: User, [param]: [] }),
        );
        expect((error as Error).message).toMatch(
          new RegExp(`^\`${param}\` is built by Mode\\.TOOLS_STRICT from \`responseModel\``),
        );
      }
      expect(server.requests).toHaveLength(0);
    });

    it('MD_JSON builds no param: it sends the caller response_format as given', async () => {
      server.reply(replyFor(Mode.MD_JSON, '{"name":"Jason","age":25}'));

      await clientFor(Mode.MD_JSON).create({
        messages,
        responseModel: User,
        response_format: { type: 'json_object' },
      });

      expect(server.requests[0]!.response_format).toEqual({ type: 'json_object' });
    });
  });

  describe('one result per call', () => {
    it.each(SINGLE_MODES)('%s refuses a list of classes as responseModel', async (mode) => {
      const error = await failureOf(
        clientFor(mode).create({ messages, responseModel: [User] as never }),
      );

      expect(error).toBeInstanceOf(ConfigurationError);
      expect((error as Error).message).toBe(
        `responseModel: [User] (one tool per class) needs Mode.PARALLEL_TOOLS; this client uses ${mode}.`,
      );
    });
  });

  describe('streaming', () => {
    it('MD_JSON streams the ```json block, never a brace of the prose before it', async () => {
      server.reply({
        content: 'The format is {"name": "X", "age": 1}.\n```json\n{"name":"Jason","age":25}\n```',
      });

      const values: unknown[] = [];
      for await (const value of clientFor(Mode.MD_JSON).createPartial({
        messages,
        responseModel: User,
      })) {
        values.push(JSON.parse(JSON.stringify(value)));
      }

      expect(values.length).toBeGreaterThan(2);
      expect(values.at(-1)).toEqual({ name: 'Jason', age: 25 });
      for (const value of values) expect((value as User).name).not.toBe('X');
    });

    it.each([Mode.JSON, Mode.JSON_SCHEMA])('%s streams the reply text as JSON', async (mode) => {
      server.reply({ content: '{"name":"Jason","age":25}' });

      const values: unknown[] = [];
      for await (const value of clientFor(mode).createPartial({ messages, responseModel: User })) {
        values.push(JSON.parse(JSON.stringify(value)));
      }

      expect(values[0]).toEqual({});
      expect(values).toContainEqual({ name: 'Jason' });
      expect(values.at(-1)).toEqual({ name: 'Jason', age: 25 });
    });
  });

  describe('the mode registry', () => {
    it.each(Object.values(Mode))('knows the mode %s', (mode) => {
      expect(clientFor(mode).mode).toBe(mode);
    });

    it('refuses an unknown mode, naming it and every mode there is', () => {
      const create = () => clientFor('xml' as Mode);

      expect(create).toThrow(ConfigurationError);
      expect(create).toThrow(
        'Mode "xml" is not a mode; use one of: tool_call, tools_strict, json_mode, ' +
          'json_schema_mode, markdown_json_mode, parallel_tool_call.',
      );
    });
  });
});
