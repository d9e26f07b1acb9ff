// Turns an OpenAI chat-completions request into what a local generation needs: the chat history,
// what the reply must be (free text, a JSON value, one forced tool call, several tool calls) and
// the JSON Schema its grammar is built from. Pure: no model, no I/O.

/** A chat history item as node-llama-cpp's `LlamaChat` takes it. */
export type LocalChatItem =
  | { type: 'system'; text: string }
  | { type: 'user'; text: string }
  | { type: 'model'; response: string[] };

/** What the reply is made of, and the schema its grammar enforces (none for free text). */
export type ReplyShape =
  | { kind: 'text' }
  | { kind: 'json'; schema: GrammarSchema | undefined }
  | { kind: 'tool'; name: string; schema: GrammarSchema }
  | { kind: 'tools'; names: readonly string[]; schema: GrammarSchema };

/** A JSON Schema in the subset node-llama-cpp turns into a grammar. */
export type GrammarSchema = { readonly [keyword: string]: unknown };

export interface LocalGenerationRequest {
  model: string;
  history: LocalChatItem[];
  reply: ReplyShape;
  stream: boolean;
  includeUsage: boolean;
  maxTokens: number | undefined;
  temperature: number | undefined;
  topP: number | undefined;
  seed: number | undefined;
  stop: string[];
  /** `logit_bias`: token id → bias from -100 (never) to 100, as the API takes it. */
  logitBias: ReadonlyMap<number, number>;
}

/** A request the local model cannot serve; answered as an OpenAI-style 400 error. */
export class LocalRequestError extends Error {
  constructor(
    message: string,
    readonly param: string | null = null,
  ) {
    super(message);
    this.name = 'LocalRequestError';
  }
}

type Json = Record<string, unknown>;

const NO_PARAMETERS: Json = { type: 'object', properties: {} };

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Reads and checks the request body; throws `LocalRequestError` for what a local model lacks. */
export function translateRequest(body: unknown): LocalGenerationRequest {
  if (!isObject(body)) throw new LocalRequestError('The request body must be a JSON object.');
  const { messages } = body;
  if (!Array.isArray(messages) || messages.length === 0) {
    throw new LocalRequestError('`messages` must be a non-empty array.', 'messages');
  }
  if (body.n !== undefined && body.n !== null && body.n !== 1) {
    throw new LocalRequestError('Local models give one choice per request (`n` must be 1).', 'n');
  }
  const reply = replyShape(body);
  const history = toHistory(messages);
  const instruction = replyInstruction(body, reply);
  if (instruction !== undefined) history.unshift({ type: 'system', text: instruction });
  const last = history[history.length - 1];
  if (last?.type !== 'model') history.push({ type: 'model', response: [] });
  const streamOptions = isObject(body.stream_options) ? body.stream_options : {};
  return {
    model: typeof body.model === 'string' ? body.model : 'local',
    history,
    reply,
    stream: body.stream === true,
    includeUsage: streamOptions.include_usage === true,
    maxTokens:
      body.max_completion_tokens !== undefined && body.max_completion_tokens !== null
        ? positiveInteger(body.max_completion_tokens, 'max_completion_tokens')
        : positiveInteger(body.max_tokens, 'max_tokens'),
    temperature: finiteNumber(body.temperature, 'temperature'),
    topP: finiteNumber(body.top_p, 'top_p'),
    seed: finiteNumber(body.seed, 'seed'),
    stop: stopSequences(body.stop),
    logitBias: logitBias(body.logit_bias),
  };
}

function replyShape(body: Json): ReplyShape {
  const tools = Array.isArray(body.tools) ? body.tools.filter(isObject) : [];
  const functions = new Map<string, Json>();
  for (const tool of tools) {
    const fn = isObject(tool.function) ? tool.function : undefined;
    if (tool.type === 'function' && typeof fn?.name === 'string') {
      // No parameters: the API's "takes no arguments", an empty object, not any value.
      functions.set(fn.name, isObject(fn.parameters) ? fn.parameters : NO_PARAMETERS);
    }
  }
  const choice = body.tool_choice;
  if (isObject(choice) && isObject(choice.function) && typeof choice.function.name === 'string') {
    const name = choice.function.name;
    const parameters = functions.get(name);
    if (parameters === undefined) {
      throw new LocalRequestError(
        `tool_choice names "${name}", which is not in tools.`,
        'tool_choice',
      );
    }
    return { kind: 'tool', name, schema: toGrammarSchema(parameters) };
  }
  if (functions.size > 0 && choice !== 'none') {
    // 'auto' and 'required' alike: a grammar cannot leave "maybe a call" open, so calls it is.
    const names = [...functions.keys()];
    const call = (name: string): GrammarSchema => ({
      type: 'object',
      properties: { name: { const: name }, arguments: toGrammarSchema(functions.get(name)!) },
    });
    return {
      kind: 'tools',
      names,
      schema: {
        type: 'array',
        items: names.length === 1 ? call(names[0]!) : { oneOf: names.map(call) },
        minItems: 1,
      },
    };
  }
  const format = isObject(body.response_format) ? body.response_format : undefined;
  if (format?.type === 'json_schema') {
    const jsonSchema = isObject(format.json_schema) ? format.json_schema : {};
    const schema = isObject(jsonSchema.schema) ? jsonSchema.schema : {};
    return { kind: 'json', schema: toGrammarSchema(schema) };
  }
  if (format?.type === 'json_object') return { kind: 'json', schema: undefined };
  return { kind: 'text' };
}

/**
 * What the model is told about the expected reply. The grammar enforces the shape; an instruct
 * model still answers better when it is told the schema, as a server's chat template would.
 */
function replyInstruction(body: Json, reply: ReplyShape): string | undefined {
  if (reply.kind === 'text' || (reply.kind === 'json' && reply.schema === undefined)) {
    return undefined;
  }
  if (reply.kind === 'tool') {
    const description = toolDescription(body, reply.name);
    return `Call the function ${reply.name}${description ? ` (${description})` : ''}: reply with its arguments only, as a JSON object matching this JSON Schema:\n${JSON.stringify(reply.schema)}`;
  }
  if (reply.kind === 'tools') {
    return `Reply with the function calls to make, as a JSON array of {"name", "arguments"} objects matching this JSON Schema:\n${JSON.stringify(reply.schema)}`;
  }
  return `Reply with a JSON value matching this JSON Schema:\n${JSON.stringify(reply.schema)}`;
}

function toolDescription(body: Json, name: string): string | undefined {
  for (const tool of Array.isArray(body.tools) ? body.tools : []) {
    const fn = isObject(tool) && isObject(tool.function) ? tool.function : undefined;
    if (fn?.name === name && typeof fn.description === 'string') return fn.description;
  }
  return undefined;
}

function toHistory(messages: readonly unknown[]): LocalChatItem[] {
  return messages.map((message, index): LocalChatItem => {
    if (!isObject(message)) {
      throw new LocalRequestError(`messages[${index}] must be an object.`, `messages[${index}]`);
    }
    const text = messageText(message, index);
    switch (message.role) {
      case 'system':
      case 'developer':
        return { type: 'system', text };
      case 'user':
        return { type: 'user', text };
      case 'tool':
        return { type: 'user', text: `Result of the function call: ${text}` };
      case 'assistant':
        return { type: 'model', response: [assistantText(message, text)] };
      default:
        throw new LocalRequestError(
          `messages[${index}].role must be system, developer, user, assistant or tool.`,
          `messages[${index}].role`,
        );
    }
  });
}

/**
 * An assistant turn as the model would have written it: its text, then its call's arguments, or
 * several calls as the `[{ "name", "arguments" }]` array a tools reply is generated as.
 */
function assistantText(message: Json, text: string): string {
  const calls = Array.isArray(message.tool_calls) ? message.tool_calls.filter(isObject) : [];
  const functions = calls.map((call) => (isObject(call.function) ? call.function : {}));
  const written = functions.filter((fn) => typeof fn.arguments === 'string');
  if (written.length === 0) return text;
  const calling =
    written.length === 1
      ? (written[0]!.arguments as string)
      : JSON.stringify(
          written.map((fn) => ({
            name: fn.name,
            arguments: parsedArguments(fn.arguments as string),
          })),
        );
  return [text, calling].filter(Boolean).join('\n');
}

/** The arguments as a JSON value, or as their text when they are not JSON (a broken reply). */
function parsedArguments(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function messageText(message: Json, index: number): string {
  const { content } = message;
  if (content === undefined || content === null) return '';
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((part, partIndex) => {
        if (isObject(part) && part.type === 'text' && typeof part.text === 'string') {
          return part.text;
        }
        throw new LocalRequestError(
          'Local models read text only: this content part is not text.',
          `messages[${index}].content[${partIndex}]`,
        );
      })
      .join('');
  }
  throw new LocalRequestError(
    `messages[${index}].content must be a string or an array of text parts.`,
    `messages[${index}].content`,
  );
}

function positiveInteger(value: unknown, param: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new LocalRequestError(`\`${param}\` must be a whole number of tokens, 1 or more.`, param);
  }
  return value;
}

function finiteNumber(value: unknown, param: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new LocalRequestError(`\`${param}\` must be a number.`, param);
  }
  return value;
}

function stopSequences(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  if (!list.every((item): item is string => typeof item === 'string' && item.length > 0)) {
    throw new LocalRequestError('`stop` must be a string or an array of strings.', 'stop');
  }
  return list;
}

function logitBias(value: unknown): Map<number, number> {
  const biases = new Map<number, number>();
  if (value === undefined || value === null) return biases;
  if (!isObject(value)) {
    throw new LocalRequestError('`logit_bias` must map token ids to biases.', 'logit_bias');
  }
  for (const [token, bias] of Object.entries(value)) {
    const id = Number(token);
    if (!/^\d+$/.test(token) || typeof bias !== 'number' || !(Math.abs(bias) <= 100)) {
      throw new LocalRequestError(
        '`logit_bias` maps token ids (whole numbers) to biases from -100 to 100.',
        'logit_bias',
      );
    }
    biases.set(id, bias);
  }
  return biases;
}

const STRING_FORMATS = new Set(['date-time', 'date', 'time']);
const IMMUTABLE_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'null']);
const ANY_VALUE: GrammarSchema = {
  oneOf: [
    { type: ['string', 'number', 'boolean', 'null'] },
    { type: 'array' },
    { type: 'object', additionalProperties: true },
  ],
};

/**
 * The part of a JSON Schema node-llama-cpp's grammar can enforce. What it cannot (numeric bounds,
 * patterns, most formats, uniqueness) is dropped from the grammar only: validation still checks
 * it, so a reply can parse and still fail for real. The grammar makes every listed property
 * present, so an optional one (not in `required`) may also be `null`.
 */
export function toGrammarSchema(schema: unknown): GrammarSchema {
  if (!isObject(schema)) return ANY_VALUE;
  const defs = isObject(schema.$defs) ? schema.$defs : undefined;
  const root = grammarNode(schema);
  if (defs === undefined) return root;
  return {
    ...root,
    $defs: Object.fromEntries(Object.entries(defs).map(([name, def]) => [name, grammarNode(def)])),
  };
}

function grammarNode(node: unknown): GrammarSchema {
  if (!isObject(node)) return ANY_VALUE;
  const described = typeof node.description === 'string' ? { description: node.description } : {};
  if (typeof node.$ref === 'string') {
    return node.$ref.startsWith('#/$defs/') ? { $ref: node.$ref } : ANY_VALUE;
  }
  if ('const' in node && isPrimitive(node.const)) return { const: node.const, ...described };
  if (Array.isArray(node.enum)) {
    const values = node.enum.filter(isPrimitive);
    if (values.length > 0) return { enum: values, ...described };
  }
  const alternatives = Array.isArray(node.anyOf) ? node.anyOf : node.oneOf;
  if (Array.isArray(alternatives) && alternatives.length > 0) {
    return { oneOf: alternatives.map(grammarNode), ...described };
  }
  const { type } = node;
  if (Array.isArray(type)) {
    const types = type.filter((item): item is string => typeof item === 'string');
    if (types.length > 0 && types.every((item) => IMMUTABLE_TYPES.has(item))) {
      return { type: types, ...described };
    }
    return { oneOf: types.map((item) => grammarNode({ ...node, type: item })), ...described };
  }
  switch (type) {
    case 'object':
      return { ...objectNode(node), ...described };
    case 'array':
      return { ...arrayNode(node), ...described };
    case 'string': {
      const format =
        typeof node.format === 'string' && STRING_FORMATS.has(node.format)
          ? { format: node.format }
          : {};
      const lengths = pickCounts(node, ['minLength', 'maxLength']);
      // A format grammar has no length bounds in node-llama-cpp: the format is the stricter one.
      return { type: 'string', ...('format' in format ? format : lengths), ...described };
    }
    case 'number':
    case 'integer':
    case 'boolean':
    case 'null':
      return { type, ...described };
    default:
      return { ...ANY_VALUE, ...described };
  }
}

function objectNode(node: Json): GrammarSchema {
  const properties = isObject(node.properties) ? node.properties : {};
  const required = new Set(
    Array.isArray(node.required) ? node.required.filter((key) => typeof key === 'string') : [],
  );
  const grammarProperties = Object.fromEntries(
    Object.entries(properties).map(([key, value]) => {
      const property = grammarNode(value);
      return [key, required.has(key) ? property : { oneOf: [property, { type: 'null' }] }];
    }),
  );
  const extra = node.additionalProperties;
  const additionalProperties =
    Object.keys(properties).length > 0
      ? extra === undefined || extra === false
        ? false
        : isObject(extra)
          ? grammarNode(extra)
          : true
      : isObject(extra)
        ? grammarNode(extra)
        : extra !== false;
  return {
    type: 'object',
    properties: grammarProperties,
    additionalProperties,
    ...pickCounts(node, ['minProperties', 'maxProperties']),
  };
}

function arrayNode(node: Json): GrammarSchema {
  return {
    type: 'array',
    ...(node.items !== undefined ? { items: grammarNode(node.items) } : {}),
    ...(Array.isArray(node.prefixItems) ? { prefixItems: node.prefixItems.map(grammarNode) } : {}),
    ...pickCounts(node, ['minItems', 'maxItems']),
  };
}

function pickCounts(node: Json, keys: readonly string[]): Json {
  const picked: Json = {};
  for (const key of keys) {
    const value = node[key];
    if (typeof value === 'number' && Number.isInteger(value) && value >= 0) picked[key] = value;
  }
  return picked;
}

function isPrimitive(value: unknown): value is string | number | boolean | null {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}
