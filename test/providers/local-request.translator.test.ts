// translateRequest: an OpenAI chat-completions body -> what a local node-llama-cpp generation needs.
// toGrammarSchema: a class-instructor JSON Schema -> the subset node-llama-cpp builds a grammar from.
// Pure functions, tested on plain bodies; one test builds real grammars with node-llama-cpp.
import { llamaRuntime } from '../../src/providers/local/llama.runtime';
import {
  LocalRequestError,
  toGrammarSchema,
  translateRequest,
  type GrammarSchema,
} from '../../src/providers/local/local-request.translator';

const user = { role: 'user', content: 'Extract: Jason is 25' };

/** translateRequest on a one-user-message body with `extra` fields. */
const translate = (extra: Record<string, unknown> = {}) =>
  translateRequest({ model: 'local/model.gguf', messages: [user], ...extra });

/** What translateRequest refused `body` with (fails the test if it accepted it). */
function rejection(body: unknown): { message: string; param: string | null } {
  try {
    translateRequest(body);
  } catch (error) {
    if (error instanceof LocalRequestError) {
      expect(error.name).toBe('LocalRequestError');
      return { message: error.message, param: error.param };
    }
    throw error;
  }
  throw new Error(`translateRequest accepted ${JSON.stringify(body)}`);
}

const rejectionOf = (extra: Record<string, unknown>) =>
  rejection({ model: 'local/model.gguf', messages: [user], ...extra });

// A class schema as buildClassSchema emits it, and the grammar schema it becomes.
const personSchema = {
  type: 'object',
  properties: {
    name: { type: 'string', minLength: 1 },
    age: { type: 'integer', minimum: 0 },
  },
  required: ['name', 'age'],
  additionalProperties: false,
};
const personGrammar = {
  type: 'object',
  properties: { name: { type: 'string', minLength: 1 }, age: { type: 'integer' } },
  additionalProperties: false,
};
const petSchema = {
  type: 'object',
  properties: { species: { type: 'string', enum: ['cat', 'dog'] } },
  required: ['species'],
  additionalProperties: false,
};
const petGrammar = {
  type: 'object',
  properties: { species: { enum: ['cat', 'dog'] } },
  additionalProperties: false,
};

const personTool = {
  type: 'function',
  function: { name: 'Person', description: 'A person in the text', parameters: personSchema },
};
const petTool = { type: 'function', function: { name: 'Pet', parameters: petSchema } };
const forced = (name: string) => ({ type: 'function', function: { name } });

const ANY_VALUE = {
  oneOf: [
    { type: ['string', 'number', 'boolean', 'null'] },
    { type: 'array' },
    { type: 'object', additionalProperties: true },
  ],
};

describe('translateRequest', () => {
  it('reads a plain text request with every generation setting left unset', () => {
    expect(translate()).toStrictEqual({
      model: 'local/model.gguf',
      history: [
        { type: 'user', text: 'Extract: Jason is 25' },
        { type: 'model', response: [] },
      ],
      reply: { kind: 'text' },
      stream: false,
      includeUsage: false,
      maxTokens: undefined,
      temperature: undefined,
      topP: undefined,
      seed: undefined,
      stop: [],
      logitBias: new Map(),
    });
  });

  it('names the model "local" when the body has no model', () => {
    expect(translateRequest({ messages: [user] }).model).toBe('local');
    expect(translateRequest({ model: 7, messages: [user] }).model).toBe('local');
  });

  describe('messages', () => {
    it('turns each role into a chat item and ends with an empty model turn to generate', () => {
      const { history } = translateRequest({
        messages: [
          { role: 'system', content: 'You extract people.' },
          {
            role: 'developer',
            content: [
              { type: 'text', text: 'Answer ' },
              { type: 'text', text: 'in JSON.' },
            ],
          },
          { role: 'user', content: [{ type: 'text', text: 'Jason is 25' }] },
          {
            role: 'assistant',
            content: null,
            tool_calls: [
              {
                id: 'call_1',
                type: 'function',
                function: { name: 'Person', arguments: '{"name":"Jason","age":-1}' },
              },
            ],
          },
          { role: 'tool', tool_call_id: 'call_1', content: 'age must not be less than 0' },
        ],
      });
      expect(history).toEqual([
        { type: 'system', text: 'You extract people.' },
        { type: 'system', text: 'Answer in JSON.' },
        { type: 'user', text: 'Jason is 25' },
        { type: 'model', response: ['{"name":"Jason","age":-1}'] },
        { type: 'user', text: 'Result of the function call: age must not be less than 0' },
        { type: 'model', response: [] },
      ]);
    });

    const call = (args: unknown) => ({
      id: 'call',
      type: 'function',
      function: { name: 'Person', arguments: args },
    });
    it.each([
      ['its text', { content: 'Jason is 25.' }, 'Jason is 25.'],
      ['nothing for null content', { content: null }, ''],
      ['nothing for missing content', {}, ''],
      ['the text of its parts', { content: [{ type: 'text', text: 'Jason' }] }, 'Jason'],
      ['its one call’s arguments', { content: null, tool_calls: [call('{"a":1}')] }, '{"a":1}'],
      [
        'its text, then its call’s arguments',
        { content: 'Here:', tool_calls: [call('{"a":1}')] },
        'Here:\n{"a":1}',
      ],
      [
        'several calls as the [{ name, arguments }] array a tools reply is written as',
        { content: null, tool_calls: [call('{"a":1}'), call('{"b":2}')] },
        '[{"name":"Person","arguments":{"a":1}},{"name":"Person","arguments":{"b":2}}]',
      ],
      [
        'several calls, broken arguments kept as their text',
        { content: null, tool_calls: [call('{"a":1}'), call('{"b":')] },
        '[{"name":"Person","arguments":{"a":1}},{"name":"Person","arguments":"{\\"b\\":"}]',
      ],
      [
        'its text for a call without string arguments',
        { content: 'Hm', tool_calls: [call({ a: 1 })] },
        'Hm',
      ],
    ])('an assistant turn is %s', (_, message, response) => {
      const { history } = translateRequest({
        messages: [user, { role: 'assistant', ...message }, user],
      });
      expect(history[1]).toEqual({ type: 'model', response: [response] });
    });

    it('continues a trailing assistant turn instead of appending an empty one', () => {
      const { history } = translateRequest({
        messages: [user, { role: 'assistant', content: '{"name":' }],
      });
      expect(history).toEqual([
        { type: 'user', text: 'Extract: Jason is 25' },
        { type: 'model', response: ['{"name":'] },
      ]);
    });

    it('appends the empty model turn after a trailing system message', () => {
      const { history } = translateRequest({
        messages: [{ role: 'system', content: 'Say hi.' }],
      });
      expect(history).toEqual([
        { type: 'system', text: 'Say hi.' },
        { type: 'model', response: [] },
      ]);
    });

    it('refuses an image part, naming the message and the part', () => {
      expect(
        rejection({
          messages: [
            { role: 'system', content: 'Describe images.' },
            {
              role: 'user',
              content: [
                { type: 'text', text: 'What is this?' },
                { type: 'image_url', image_url: { url: 'https://example.com/cat.png' } },
              ],
            },
          ],
        }),
      ).toEqual({
        message: 'Local models read text only: this content part is not text.',
        param: 'messages[1].content[1]',
      });
    });

    it('refuses content that is neither a string nor an array', () => {
      expect(rejection({ messages: [{ role: 'user', content: 42 }] })).toEqual({
        message: 'messages[0].content must be a string or an array of text parts.',
        param: 'messages[0].content',
      });
    });

    it('refuses a message that is not an object', () => {
      expect(rejection({ messages: [user, 'hello'] })).toEqual({
        message: 'messages[1] must be an object.',
        param: 'messages[1]',
      });
    });

    it.each([['function'], [undefined]])('refuses the role %s', (role) => {
      expect(rejection({ messages: [user, { role, content: 'x' }] })).toEqual({
        message: 'messages[1].role must be system, developer, user, assistant or tool.',
        param: 'messages[1].role',
      });
    });
  });

  describe('the instruction about the reply', () => {
    const callerSystem = { role: 'system', content: 'You extract people.' };
    const historyOf = (extra: Record<string, unknown>) =>
      translateRequest({ messages: [callerSystem, user], ...extra }).history;
    const rest = [
      { type: 'system', text: 'You extract people.' },
      { type: 'user', text: 'Extract: Jason is 25' },
      { type: 'model', response: [] },
    ];

    it('tells a forced tool call its function, description and schema, before all else', () => {
      expect(historyOf({ tools: [personTool], tool_choice: forced('Person') })).toEqual([
        {
          type: 'system',
          text: `Call the function Person (A person in the text): reply with its arguments only, as a JSON object matching this JSON Schema:\n${JSON.stringify(personGrammar)}`,
        },
        ...rest,
      ]);
    });

    it('leaves the parentheses out for a tool without description', () => {
      expect(historyOf({ tools: [petTool], tool_choice: forced('Pet') })[0]).toEqual({
        type: 'system',
        text: `Call the function Pet: reply with its arguments only, as a JSON object matching this JSON Schema:\n${JSON.stringify(petGrammar)}`,
      });
    });

    it('tells tool calls the array schema of calls', () => {
      const { history, reply } = translateRequest({
        messages: [callerSystem, user],
        tools: [personTool],
      });
      expect(history).toEqual([
        {
          type: 'system',
          text: `Reply with the function calls to make, as a JSON array of {"name", "arguments"} objects matching this JSON Schema:\n${JSON.stringify(reply.kind === 'tools' ? reply.schema : null)}`,
        },
        ...rest,
      ]);
    });

    it('tells a json_schema reply its schema', () => {
      const history = historyOf({
        response_format: { type: 'json_schema', json_schema: { name: 'Pet', schema: petSchema } },
      });
      expect(history).toEqual([
        {
          type: 'system',
          text: `Reply with a JSON value matching this JSON Schema:\n${JSON.stringify(petGrammar)}`,
        },
        ...rest,
      ]);
    });

    it.each([
      ['text', {}],
      ['json_object', { response_format: { type: 'json_object' } }],
    ])('adds nothing for a %s reply', (_, extra) => {
      expect(historyOf(extra)).toEqual(rest);
    });
  });

  describe('reply shape', () => {
    const callOf = (name: string, argumentsGrammar: GrammarSchema) => ({
      type: 'object',
      properties: { name: { const: name }, arguments: argumentsGrammar },
    });

    it('forces the named tool with its parameters as grammar', () => {
      expect(translate({ tools: [personTool, petTool], tool_choice: forced('Pet') }).reply).toEqual(
        { kind: 'tool', name: 'Pet', schema: petGrammar },
      );
    });

    it('refuses a tool_choice naming a tool that is not in tools', () => {
      expect(rejectionOf({ tools: [personTool], tool_choice: forced('Pet') })).toEqual({
        message: 'tool_choice names "Pet", which is not in tools.',
        param: 'tool_choice',
      });
    });

    it.each([['auto'], ['required'], [undefined]])(
      'makes tool_choice %s a non-empty array of calls to the one tool',
      (toolChoice) => {
        expect(translate({ tools: [personTool], tool_choice: toolChoice }).reply).toEqual({
          kind: 'tools',
          names: ['Person'],
          schema: { type: 'array', items: callOf('Person', personGrammar), minItems: 1 },
        });
      },
    );

    it('offers one of several tools per call', () => {
      expect(translate({ tools: [personTool, petTool], tool_choice: 'auto' }).reply).toEqual({
        kind: 'tools',
        names: ['Person', 'Pet'],
        schema: {
          type: 'array',
          items: { oneOf: [callOf('Person', personGrammar), callOf('Pet', petGrammar)] },
          minItems: 1,
        },
      });
    });

    it('ignores tools that are not named functions', () => {
      const tools = [{ type: 'code_interpreter' }, { type: 'function', function: {} }, petTool];
      expect(translate({ tools }).reply).toEqual({
        kind: 'tools',
        names: ['Pet'],
        schema: { type: 'array', items: callOf('Pet', petGrammar), minItems: 1 },
      });
    });

    it('falls through to response_format when tool_choice is none', () => {
      const responseFormat = {
        type: 'json_schema',
        json_schema: { name: 'Person', strict: true, schema: personSchema },
      };
      expect(
        translate({ tools: [personTool], tool_choice: 'none', response_format: responseFormat })
          .reply,
      ).toEqual({ kind: 'json', schema: personGrammar });
      expect(translate({ tools: [personTool], tool_choice: 'none' }).reply).toEqual({
        kind: 'text',
      });
    });

    it('gives a json_schema response_format its grammar schema', () => {
      const responseFormat = {
        type: 'json_schema',
        json_schema: { name: 'Person', strict: true, schema: personSchema },
      };
      expect(translate({ response_format: responseFormat }).reply).toEqual({
        kind: 'json',
        schema: personGrammar,
      });
    });

    it('gives json_object any JSON (no schema) and other formats free text', () => {
      expect(translate({ response_format: { type: 'json_object' } }).reply).toEqual({
        kind: 'json',
        schema: undefined,
      });
      expect(translate({ response_format: { type: 'text' } }).reply).toEqual({ kind: 'text' });
    });

    // OpenAI reads a function without `parameters` as one taking no arguments: an object, never
    // `"x"` or `[1]`.
    it('holds the arguments of a tool without parameters to an empty JSON object', () => {
      const reply = translate({
        tools: [{ type: 'function', function: { name: 'ping' } }],
        tool_choice: forced('ping'),
      }).reply;
      expect(reply).toEqual({
        kind: 'tool',
        name: 'ping',
        schema: { type: 'object', properties: {}, additionalProperties: true },
      });
    });
  });

  describe('generation settings', () => {
    it('prefers max_completion_tokens to max_tokens', () => {
      expect(translate({ max_completion_tokens: 64, max_tokens: 16 }).maxTokens).toBe(64);
      expect(translate({ max_tokens: 16 }).maxTokens).toBe(16);
      expect(translate({ max_completion_tokens: null, max_tokens: 16 }).maxTokens).toBe(16);
      expect(translate({ max_tokens: 1 }).maxTokens).toBe(1);
    });

    it.each([[0], [1.5], ['3'], [-4]])('refuses max_tokens %p', (maxTokens) => {
      expect(rejectionOf({ max_tokens: maxTokens })).toEqual({
        message: '`max_tokens` must be a whole number of tokens, 1 or more.',
        param: 'max_tokens',
      });
    });

    // The 400 error names the field the caller sent.
    it('names max_completion_tokens when that is the invalid one', () => {
      expect(rejectionOf({ max_completion_tokens: 0 }).param).toBe('max_completion_tokens');
    });

    it('passes temperature, top_p and seed through, zero included', () => {
      expect(translate({ temperature: 0.7, top_p: 0.9, seed: 42 })).toMatchObject({
        temperature: 0.7,
        topP: 0.9,
        seed: 42,
      });
      expect(translate({ temperature: 0, top_p: 0, seed: 0 })).toMatchObject({
        temperature: 0,
        topP: 0,
        seed: 0,
      });
    });

    it.each([
      ['temperature', 'hot'],
      ['top_p', '0.9'],
      ['seed', true],
    ])('refuses a %s that is not a number', (param, value) => {
      expect(rejectionOf({ [param]: value })).toEqual({
        message: `\`${param}\` must be a number.`,
        param,
      });
    });

    it.each([
      ['a string', 'END', ['END']],
      ['an array', ['END', '\n\n'], ['END', '\n\n']],
      ['an empty array', [], []],
      ['null', null, []],
    ])('reads stop given as %s', (_, stop, expected) => {
      expect(translate({ stop }).stop).toEqual(expected);
    });

    it.each([[5], [''], [['END', 3]], [{ end: 'END' }]])('refuses stop %p', (stop) => {
      expect(rejectionOf({ stop })).toEqual({
        message: '`stop` must be a string or an array of strings.',
        param: 'stop',
      });
    });

    it('accepts n of 1 (or unset) and refuses more choices', () => {
      expect(translate({ n: 1 }).reply).toEqual({ kind: 'text' });
      expect(translate({ n: null }).reply).toEqual({ kind: 'text' });
      expect(rejectionOf({ n: 2 })).toEqual({
        message: 'Local models give one choice per request (`n` must be 1).',
        param: 'n',
      });
    });

    it('streams, with usage only when stream_options asks for it', () => {
      expect(translate({ stream: true, stream_options: { include_usage: true } })).toMatchObject({
        stream: true,
        includeUsage: true,
      });
      expect(translate({ stream: true })).toMatchObject({ stream: true, includeUsage: false });
      expect(translate({ stream: 'yes', stream_options: { include_usage: 'yes' } })).toMatchObject({
        stream: false,
        includeUsage: false,
      });
    });

    it('maps logit_bias token ids to numbers, -100 and 100 included', () => {
      expect(translate({ logit_bias: { '50256': -100, '13': 5.5, '0': 100 } }).logitBias).toEqual(
        new Map([
          [50256, -100],
          [13, 5.5],
          [0, 100],
        ]),
      );
    });

    it.each([
      ['a bias above 100', { '13': 101 }],
      ['a bias below -100', { '13': -100.5 }],
      ['a bias that is a string', { '13': '5' }],
      ['a token that is not a number', { x: 1 }],
      ['a negative token', { '-1': 1 }],
      ['a fractional token', { '1.5': 1 }],
    ])('refuses logit_bias with %s', (_, logitBias) => {
      expect(rejectionOf({ logit_bias: logitBias })).toEqual({
        message: '`logit_bias` maps token ids (whole numbers) to biases from -100 to 100.',
        param: 'logit_bias',
      });
    });

    it.each([[[1, 2]], ['x']])('refuses logit_bias %p that is not a map', (logitBias) => {
      expect(rejectionOf({ logit_bias: logitBias })).toEqual({
        message: '`logit_bias` must map token ids to biases.',
        param: 'logit_bias',
      });
    });

    // Token ids in decimal digits only: Number('') is 0, Number('0x1') is 1.
    it.each(['', ' 7', '1e1', '0x1', '-1'])('refuses the logit_bias key %j', (key) => {
      expect(rejectionOf({ logit_bias: { [key]: 50 } }).param).toBe('logit_bias');
    });
  });

  describe('the body', () => {
    it.each([[null], [[user]], ['hello']])('refuses %p as a body', (body) => {
      expect(rejection(body)).toEqual({
        message: 'The request body must be a JSON object.',
        param: null,
      });
    });

    it.each([[undefined], [[]], ['hello']])('refuses messages %p', (messages) => {
      expect(rejection({ model: 'm', messages })).toEqual({
        message: '`messages` must be a non-empty array.',
        param: 'messages',
      });
    });
  });
});

// A class with every kind of field buildClassSchema types, and what the grammar keeps of it.
const profileSchema = {
  type: 'object',
  description: 'A person in the text',
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 40, description: 'Full name' },
    email: { type: 'string', format: 'email' },
    website: { type: 'string', format: 'uri' },
    id: { type: 'string', format: 'uuid' },
    code: { type: 'string', pattern: '^[A-Z]{3}$' },
    born: { type: 'string', format: 'date-time' },
    day: { type: 'string', format: 'date', minLength: 10 },
    at: { type: 'string', format: 'time' },
    age: { type: 'integer', minimum: 0, maximum: 150 },
    score: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
    active: { type: 'boolean' },
    role: { type: 'string', enum: ['admin', 'user'] },
    level: { type: 'number', enum: [1, 2, 3] },
    kind: { const: 'person' },
    tags: {
      type: 'array',
      items: { type: 'string', minLength: 2, pattern: '^#' },
      minItems: 1,
      maxItems: 5,
      uniqueItems: true,
    },
    address: {
      type: 'object',
      properties: {
        city: { type: 'string' },
        zip: { type: 'string', pattern: '^\\d{5}$' },
      },
      required: ['city'],
      additionalProperties: false,
    },
    nickname: { type: 'string', description: 'What friends call them' },
  },
  required: [
    'name',
    'email',
    'website',
    'id',
    'code',
    'born',
    'day',
    'at',
    'age',
    'score',
    'active',
    'role',
    'level',
    'kind',
    'tags',
    'address',
  ],
  additionalProperties: false,
};
const profileGrammar = {
  type: 'object',
  description: 'A person in the text',
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 40, description: 'Full name' },
    email: { type: 'string' },
    website: { type: 'string' },
    id: { type: 'string' },
    code: { type: 'string' },
    born: { type: 'string', format: 'date-time' },
    day: { type: 'string', format: 'date' },
    at: { type: 'string', format: 'time' },
    age: { type: 'integer' },
    score: { type: 'number' },
    active: { type: 'boolean' },
    role: { enum: ['admin', 'user'] },
    level: { enum: [1, 2, 3] },
    kind: { const: 'person' },
    tags: { type: 'array', items: { type: 'string', minLength: 2 }, minItems: 1, maxItems: 5 },
    address: {
      type: 'object',
      properties: {
        city: { type: 'string' },
        zip: { oneOf: [{ type: 'string' }, { type: 'null' }] },
      },
      additionalProperties: false,
    },
    nickname: {
      oneOf: [{ type: 'string', description: 'What friends call them' }, { type: 'null' }],
    },
  },
  additionalProperties: false,
};

// A recursive class: buildClassSchema puts the class in $defs and refers to it by $ref.
const treeSchema = {
  type: 'object',
  properties: {
    label: { type: 'string', minLength: 1 },
    children: { type: 'array', items: { $ref: '#/$defs/TreeNode' }, maxItems: 3 },
    parent: { $ref: '#/$defs/TreeNode', description: 'The node above' },
  },
  required: ['label', 'children'],
  additionalProperties: false,
  $defs: {
    TreeNode: {
      type: 'object',
      properties: {
        label: { type: 'string', minLength: 1, pattern: '\\w' },
        children: { type: 'array', items: { $ref: '#/$defs/TreeNode' } },
      },
      required: ['label', 'children'],
      additionalProperties: false,
    },
  },
};
const treeGrammar = {
  type: 'object',
  properties: {
    label: { type: 'string', minLength: 1 },
    children: { type: 'array', items: { $ref: '#/$defs/TreeNode' }, maxItems: 3 },
    parent: { oneOf: [{ $ref: '#/$defs/TreeNode' }, { type: 'null' }] },
  },
  additionalProperties: false,
  $defs: {
    TreeNode: {
      type: 'object',
      properties: {
        label: { type: 'string', minLength: 1 },
        children: { type: 'array', items: { $ref: '#/$defs/TreeNode' } },
      },
      additionalProperties: false,
    },
  },
};

// What toStrictSchema emits (Mode.JSON_SCHEMA): every property required, optional ones nullable.
const strictSchema = {
  type: 'object',
  properties: {
    title: { type: 'string' },
    email: {
      anyOf: [{ type: 'string', format: 'email' }, { type: 'null' }],
      description: 'Work email',
    },
    note: { type: ['string', 'null'], maxLength: 200 },
    owner: {
      type: ['object', 'null'],
      properties: { id: { type: 'integer', minimum: 1 } },
      required: ['id'],
      additionalProperties: false,
    },
  },
  required: ['title', 'email', 'note', 'owner'],
  additionalProperties: false,
};
const strictGrammar = {
  type: 'object',
  properties: {
    title: { type: 'string' },
    email: { oneOf: [{ type: 'string' }, { type: 'null' }], description: 'Work email' },
    note: { type: ['string', 'null'] },
    owner: {
      oneOf: [
        {
          type: 'object',
          properties: { id: { type: 'integer' } },
          additionalProperties: false,
        },
        { type: 'null' },
      ],
    },
  },
  additionalProperties: false,
};

// Record-like (`@IsObject()` maps) and untyped (`@IsDefined()`) fields.
const looseSchema = {
  type: 'object',
  properties: {
    counts: { type: 'object', additionalProperties: { type: 'integer', minimum: 0 } },
    labels: {
      type: 'object',
      properties: { main: { type: 'string' } },
      required: ['main'],
      additionalProperties: { type: 'string', format: 'email' },
    },
    extra: { type: 'object', properties: { a: { type: 'number' } }, required: ['a'] },
    bag: { type: 'object' },
    closed: { type: 'object', additionalProperties: false, minProperties: 0, maxProperties: 2 },
    anything: { description: 'Any JSON value' },
    pair: { type: 'array', prefixItems: [{ type: 'string' }, { type: 'number', maximum: 9 }] },
    list: { type: 'array' },
  },
  required: ['counts', 'labels', 'extra', 'bag', 'closed', 'anything', 'pair', 'list'],
  additionalProperties: false,
};
const looseGrammar = {
  type: 'object',
  properties: {
    counts: { type: 'object', properties: {}, additionalProperties: { type: 'integer' } },
    labels: {
      type: 'object',
      properties: { main: { type: 'string' } },
      additionalProperties: { type: 'string' },
    },
    extra: { type: 'object', properties: { a: { type: 'number' } }, additionalProperties: false },
    bag: { type: 'object', properties: {}, additionalProperties: true },
    closed: {
      type: 'object',
      properties: {},
      additionalProperties: false,
      minProperties: 0,
      maxProperties: 2,
    },
    anything: { ...ANY_VALUE, description: 'Any JSON value' },
    pair: { type: 'array', prefixItems: [{ type: 'string' }, { type: 'number' }] },
    list: { type: 'array' },
  },
  additionalProperties: false,
};

/** Every keyword (object key outside `properties`/`$defs` maps) anywhere in a schema. */
function keywordsOf(schema: unknown, inMap = false): Array<[string, unknown]> {
  if (Array.isArray(schema)) return schema.flatMap((item) => keywordsOf(item));
  if (typeof schema !== 'object' || schema === null) return [];
  return Object.entries(schema).flatMap(([key, value]) => [
    ...(inMap ? [] : [[key, value] as [string, unknown]]),
    ...keywordsOf(value, !inMap && (key === 'properties' || key === '$defs')),
  ]);
}

describe('toGrammarSchema', () => {
  it('keeps types, lengths, counts, enums, const and grammar formats of a class schema', () => {
    expect(toGrammarSchema(profileSchema)).toEqual(profileGrammar);
  });

  it('keeps $defs and $ref so a recursive class stays recursive', () => {
    expect(toGrammarSchema(treeSchema)).toEqual(treeGrammar);
  });

  it('turns a strict schema’s anyOf and nullable types into oneOf and type lists', () => {
    expect(toGrammarSchema(strictSchema)).toEqual(strictGrammar);
  });

  it('keeps Record-like additionalProperties, tuples and untyped values open', () => {
    expect(toGrammarSchema(looseSchema)).toEqual(looseGrammar);
  });

  it.each([
    ['a schema that is not an object', 'string', ANY_VALUE],
    ['no schema', undefined, ANY_VALUE],
    ['an empty schema', {}, ANY_VALUE],
    ['an unknown type', { type: 'date' }, ANY_VALUE],
    ['a $ref outside $defs', { $ref: '#/definitions/Node' }, ANY_VALUE],
    [
      'a root $ref',
      { $ref: '#/$defs/A', $defs: { A: { type: 'null', description: 'nothing' } } },
      { $ref: '#/$defs/A', $defs: { A: { type: 'null', description: 'nothing' } } },
    ],
    [
      'enum values that are not JSON primitives',
      { enum: [{ a: 1 }, 'x', null] },
      { enum: ['x', null] },
    ],
    ['an enum of objects only', { type: 'string', enum: [{ a: 1 }] }, { type: 'string' }],
    ['a const object', { type: 'boolean', const: { a: 1 } }, { type: 'boolean' }],
    ['const null', { const: null, description: 'none' }, { const: null, description: 'none' }],
    ['oneOf', { oneOf: [{ type: 'integer', minimum: 1 }] }, { oneOf: [{ type: 'integer' }] }],
    ['an empty anyOf', { anyOf: [], type: 'integer' }, { type: 'integer' }],
    [
      'counts that are not whole numbers',
      { type: 'array', items: { type: 'string', minLength: -1, maxLength: 2.5 }, minItems: '1' },
      { type: 'array', items: { type: 'string' } },
    ],
    [
      'a type list with an array',
      { type: ['array', 'null'], items: { type: 'boolean' }, minItems: 2 },
      { oneOf: [{ type: 'array', items: { type: 'boolean' }, minItems: 2 }, { type: 'null' }] },
    ],
  ])('handles %s', (_, schema, expected) => {
    expect(toGrammarSchema(schema)).toEqual(expected);
  });

  it('leaves nothing validation-only in the grammar schema', () => {
    const grammars = [profileSchema, treeSchema, strictSchema, looseSchema].map(toGrammarSchema);
    const keywords = grammars.flatMap((grammar) => keywordsOf(grammar));
    const names = new Set(keywords.map(([key]) => key));
    for (const dropped of [
      'minimum',
      'maximum',
      'exclusiveMinimum',
      'exclusiveMaximum',
      'pattern',
      'uniqueItems',
      'required',
      'anyOf',
    ]) {
      expect(names).not.toContain(dropped);
    }
    const formats = keywords.filter(([key]) => key === 'format').map(([, value]) => value);
    expect(new Set(formats)).toEqual(new Set(['date-time', 'date', 'time']));
  });

  it('leaves the schema it was given untouched', () => {
    const before = JSON.stringify(treeSchema);
    toGrammarSchema(treeSchema);
    expect(JSON.stringify(treeSchema)).toBe(before);
  });
});

describe('grammars node-llama-cpp builds from toGrammarSchema', () => {
  const twoTools = translateRequest({
    messages: [user],
    tools: [personTool, { type: 'function', function: { name: 'Tree', parameters: treeSchema } }],
  }).reply;

  it('builds each grammar and parses a matching reply with it, refusing a wrong one', async () => {
    const { llama } = await llamaRuntime(false);
    // node-llama-cpp only warns about a $ref it cannot resolve, and then accepts any value there.
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const cases: Array<[string, GrammarSchema, unknown, unknown]> = [
      [
        'profile',
        toGrammarSchema(profileSchema),
        {
          name: 'Jason',
          email: 'jason@example.com',
          website: 'https://example.com',
          id: 'x',
          code: 'ABC',
          born: '2000-01-02T03:04:05Z',
          day: '2000-01-02',
          at: '03:04:05Z',
          age: 25,
          score: 0.5,
          active: true,
          role: 'admin',
          level: 2,
          kind: 'person',
          tags: ['#a'],
          address: { city: 'Oslo', zip: null },
          nickname: null,
        },
        { name: 'Jason' },
      ],
      [
        'tree',
        toGrammarSchema(treeSchema),
        { label: 'a', children: [{ label: 'b', children: [] }], parent: null },
        { label: 'a', children: [{ label: 'b' }], parent: null },
      ],
      [
        'strict',
        toGrammarSchema(strictSchema),
        { title: 't', email: null, note: 'n', owner: { id: 3 } },
        { title: 't', email: null, note: 'n', owner: { id: 1.5 } },
      ],
      [
        'loose',
        toGrammarSchema(looseSchema),
        {
          counts: { a: 1 },
          labels: { main: 'm', other: 'o' },
          extra: { a: 1 },
          bag: { any: [1, 'x'] },
          closed: {},
          anything: [{ deep: true }],
          pair: ['x', 1],
          list: [null],
        },
        {
          counts: { a: 'one' },
          labels: { main: 'm' },
          extra: { a: 1 },
          bag: {},
          closed: {},
          anything: 1,
          pair: ['x', 1],
          list: [],
        },
      ],
      [
        'tool calls with $defs inside the arguments',
        twoTools.kind === 'tools' ? twoTools.schema : {},
        [
          { name: 'Person', arguments: { name: 'Jason', age: 25 } },
          { name: 'Tree', arguments: { label: 'a', children: [], parent: null } },
        ],
        // Wrong only if the $ref inside the arguments resolves: the child lacks `children`.
        [{ name: 'Tree', arguments: { label: 'a', children: [{ label: 'b' }], parent: null } }],
      ],
    ];
    for (const [name, schema, valid, invalid] of cases) {
      const grammar = await llama.createGrammarForJsonSchema(schema as never);
      expect([name, grammar.parse(JSON.stringify(valid))]).toEqual([name, valid]);
      expect(() => grammar.parse(JSON.stringify(invalid))).toThrow();
    }
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
  }, 60_000);
});
