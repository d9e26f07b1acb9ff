// The real tiny model (test/fixtures/local-model/stories260K.gguf) through the whole pipeline:
// fromProvider('local/...') -> the openai SDK -> the in-process fetch -> node-llama-cpp.
// It writes children's-story English: under a grammar its JSON always parses, but it knows
// nothing of the text, so constraints the grammar cannot express fail for real.
import 'reflect-metadata';
import path from 'node:path';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsString,
  Min,
  ValidateNested,
} from 'class-validator';
import { Type } from 'class-transformer';
import {
  ConfigurationError,
  fromProvider,
  IncompleteOutputException,
  InstructorRetryException,
  Instructor,
  Mode,
  ProviderError,
  registerInstructor,
} from '../../src';
import { container } from 'tsyringe';
import { acquireModel, loadedModelCount } from '../../src/providers/local/llama.runtime';
import { messages, Person, TINY_MODEL } from './tiny-model.fixture';
import { failureOf } from '../integration/support';

// Real generation: fast on one thread (~1,600 tokens/s), but not bound by the 5 s default on a
// loaded machine.
jest.setTimeout(60_000);

const MODEL = TINY_MODEL;

class Point {
  @IsInt() x!: number;
  @IsInt() y!: number;
}

/** The grammar makes `age` an integer; it cannot make it a plausible one. */
class AdultPerson {
  @IsString() name!: string;
  @IsInt() @Min(1_000_000) age!: number;
}

class Cast {
  @IsArray()
  @ArrayMinSize(1)
  // The grammar holds the list to two: this model would go on listing people until the context is full.
  @ArrayMaxSize(2)
  @ValidateNested({ each: true })
  @Type(() => Person)
  people!: Person[];
}

function localClient(mode: Mode, options: { maxRetries?: number } = {}): Instructor {
  return fromProvider(`local/${MODEL}`, { mode, local: { threads: 1 }, ...options });
}

describe('local/<path.gguf> with the real tiny model', () => {
  const clients: Instructor[] = [];
  const open = (mode: Mode, options?: { maxRetries?: number }): Instructor => {
    const client = localClient(mode, options);
    clients.push(client);
    return client;
  };
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
  });

  it.each([Mode.TOOLS, Mode.JSON_SCHEMA])(
    '%s: extracts a validated instance, with real token counts and an OpenAI-shaped reply',
    async (mode) => {
      const client = open(mode);
      const replies: unknown[] = [];
      const usages: unknown[] = [];
      client.on('completion:response', (response) => replies.push(response));
      client.on('completion:usage', (usage) => usages.push(usage));

      const { data, attempts } = await client.createWithCompletion({
        messages,
        responseModel: Person,
      });

      expect(data).toBeInstanceOf(Person);
      expect(typeof data.name).toBe('string');
      expect(Number.isInteger(data.age)).toBe(true);
      expect(attempts).toBe(1);
      const reply = replies[0] as {
        object: string;
        model: string;
        choices: { finish_reason: string; message: Record<string, unknown> }[];
      };
      expect(reply.object).toBe('chat.completion');
      expect(reply.model).toBe(MODEL);
      expect(reply.choices[0]!.finish_reason).toBe('stop');
      if (mode === Mode.TOOLS) {
        const calls = reply.choices[0]!.message.tool_calls as {
          id: string;
          type: string;
          function: { name: string; arguments: string };
        }[];
        expect(calls).toHaveLength(1);
        expect(calls[0]!.id).toMatch(/^call_[0-9a-f]{24}$/);
        expect(calls[0]!.type).toBe('function');
        expect(calls[0]!.function.name).toBe('Person');
        expect(JSON.parse(calls[0]!.function.arguments)).toEqual({ ...data });
        expect(reply.choices[0]!.message.content).toBeNull();
      } else {
        expect(JSON.parse(reply.choices[0]!.message.content as string)).toEqual({ ...data });
      }
      const usage = usages[0] as {
        prompt_tokens: number;
        completion_tokens: number;
        total_tokens: number;
      };
      expect(usage.prompt_tokens).toBeGreaterThan(10);
      expect(usage.completion_tokens).toBeGreaterThan(3);
      expect(usage.total_tokens).toBe(usage.prompt_tokens + usage.completion_tokens);
    },
  );

  it('re-asks a genuine validation failure the grammar cannot prevent, then gives up', async () => {
    const client = open(Mode.JSON_SCHEMA, { maxRetries: 2 });
    const parseErrors: number[] = [];
    const lastAttempts: number[] = [];
    const requests: { messages: unknown[] }[] = [];
    client.on('completion:kwargs', (kwargs) => requests.push(kwargs as { messages: unknown[] }));
    client.on('parse:error', (_error, attempt) => parseErrors.push(attempt.attemptNumber));
    client.on('completion:last_attempt', (_error, attempt) =>
      lastAttempts.push(attempt.attemptNumber),
    );

    const error = await failureOf(client.create({ messages, responseModel: AdultPerson }));

    expect(InstructorRetryException.isInstance(error)).toBe(true);
    const retry = error as InstructorRetryException;
    expect(retry.nAttempts).toBe(3);
    expect(retry.reason).toBe('max_retries');
    expect(retry.message).toContain('age must not be less than 1000000');
    expect(parseErrors).toEqual([1, 2, 3]);
    expect(lastAttempts).toEqual([3]);
    // Each re-ask carries the previous reply and its errors: the history grows.
    expect(requests.map((request) => request.messages.length)).toEqual([1, 3, 5]);
  });

  it('a low max_tokens truncates for real: finish_reason length, IncompleteOutputException', async () => {
    const client = open(Mode.JSON_SCHEMA, { maxRetries: 0 });
    const finishReasons: string[] = [];
    client.on('completion:response', (response) =>
      finishReasons.push(
        (response as { choices: { finish_reason: string }[] }).choices[0]!.finish_reason,
      ),
    );

    const error = await failureOf(
      client.create({ messages, responseModel: Person, max_tokens: 3 }),
    );

    expect(IncompleteOutputException.isInstance(error)).toBe(true);
    expect(finishReasons).toEqual(['length']);
  });

  it('createPartial streams real tokens: several partials, then the validated instance', async () => {
    const client = open(Mode.TOOLS);
    const partials: unknown[] = [];

    const stream = client.createPartial({ messages, responseModel: Person });
    for await (const partial of stream) partials.push({ ...partial });
    const result = stream.result!.data;

    expect(partials.length).toBeGreaterThan(3);
    expect(partials).toContainEqual({ name: result.name });
    expect(partials[partials.length - 1]).toEqual({ ...result });
    expect(result).toBeInstanceOf(Person);
  });

  it('createIterable yields the elements of a real list as they stream, until max_tokens cuts it', async () => {
    const client = open(Mode.JSON_SCHEMA, { maxRetries: 0 });
    // Left alone, this model closes every list at once (`{"items": []}`). A bias on the token
    // that opens an object, sent as the API's logit_bias, makes it list points until cut off.
    const { model, release } = acquireModel(MODEL, false);
    const tokenizer = await model;
    const brace = tokenizer.tokenize('{').find((token) => tokenizer.detokenize([token]) === '{');
    await release();

    const points: Point[] = [];
    const error = await failureOf(
      (async () => {
        for await (const point of client.createIterable({
          messages: [{ role: 'user', content: 'Jason is 25' }],
          responseModel: Point,
          logit_bias: { [String(brace)]: 30 },
          max_tokens: 400,
        })) {
          points.push(point);
        }
      })(),
    );

    expect(points.length).toBeGreaterThan(2);
    for (const point of points) expect(point).toBeInstanceOf(Point);
    expect(IncompleteOutputException.isInstance(error)).toBe(true);
  });

  it('a nested class extracts through the grammar too', async () => {
    const cast = await open(Mode.JSON_SCHEMA).create({ messages, responseModel: Cast });

    expect(cast).toBeInstanceOf(Cast);
    expect(cast.people[0]).toBeInstanceOf(Person);
  });

  it('ten concurrent calls on one client each get their own reply', async () => {
    const client = open(Mode.JSON_SCHEMA);
    const ids = new Set<string>();
    client.on('completion:response', (response) => ids.add((response as { id: string }).id));

    const results = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        client.create({
          messages: [{ role: 'user', content: `Extract person number ${index}` }],
          responseModel: Person,
        }),
      ),
    );

    expect(results).toHaveLength(10);
    for (const person of results) expect(person).toBeInstanceOf(Person);
    expect(ids.size).toBe(10);
  });

  it('close() frees the model once its last client lets go; a closed client loads it again', async () => {
    // The clients of the tests above hold the model too: let them go first.
    await Promise.all(clients.splice(0).map((client) => client.close()));
    expect(loadedModelCount()).toBe(0);
    const first = localClient(Mode.JSON_SCHEMA);
    const second = localClient(Mode.JSON_SCHEMA);
    await first.create({ messages, responseModel: Person });
    await second.create({ messages, responseModel: Person });
    // Two clients, one load of the file.
    expect(loadedModelCount()).toBe(1);

    await first.close();
    expect(loadedModelCount()).toBe(1);
    await second.close();
    await second.close();
    expect(loadedModelCount()).toBe(0);

    expect(await second.create({ messages, responseModel: Person })).toBeInstanceOf(Person);
    expect(loadedModelCount()).toBe(1);
    await second.close();
    expect(loadedModelCount()).toBe(0);
  });

  it('close() while the first call still loads the model waits for that call', async () => {
    const client = localClient(Mode.JSON_SCHEMA);

    const call = client.create({ messages, responseModel: Person });
    await client.close();

    expect(await call).toBeInstanceOf(Person);
    await client.close();
  });

  it('without max_tokens a reply still ends: generation stops when the context is full', async () => {
    const client = fromProvider(`local/${MODEL}`, { local: { threads: 1, contextSize: 256 } });
    clients.push(client);

    const completion = await client.client.chat.completions.create({
      model: MODEL,
      messages: [{ role: 'user', content: 'Once upon a time' }],
    });

    expect(completion.usage!.total_tokens).toBeLessThanOrEqual(256);
    expect(['stop', 'length']).toContain(completion.choices[0]!.finish_reason);
  });

  it('a prompt longer than the context is a 400 context_length_exceeded, never cut silently', async () => {
    const client = fromProvider(`local/${MODEL}`, {
      mode: Mode.JSON_SCHEMA,
      local: { threads: 1, contextSize: 256 },
    });
    clients.push(client);

    const error = await failureOf(
      client.create({
        messages: [{ role: 'user', content: 'Jason is 25. '.repeat(200) }],
        responseModel: Person,
      }),
    );

    expect(ProviderError.isInstance(error)).toBe(true);
    expect((error as ProviderError).status).toBe(400);
    expect((error as ProviderError).code).toBe('context_length_exceeded');
  });

  it('a request aborted while it waits for its turn rejects; the queue goes on', async () => {
    const client = open(Mode.JSON_SCHEMA);
    const controller = new AbortController();

    const first = client.create({ messages, responseModel: Person });
    const queued = client.create(
      { messages, responseModel: Person, maxRetries: 0 },
      { signal: controller.signal },
    );
    controller.abort();
    const third = client.create({ messages, responseModel: Person });

    const error = await failureOf(queued);
    expect((error as Error).name).toBe('ProviderError');
    expect(await first).toBeInstanceOf(Person);
    expect(await third).toBeInstanceOf(Person);
  });

  it("a consumer's break stops the generation: the next call on the client runs, close() returns", async () => {
    const client = localClient(Mode.JSON_SCHEMA);
    let partials = 0;
    for await (const partial of client.createPartial({ messages, responseModel: Person })) {
      void partial;
      partials += 1;
      break;
    }

    const next = await client.create({ messages, responseModel: Person });

    expect(partials).toBe(1);
    expect(next).toBeInstanceOf(Person);
    await client.close();
  });

  it('an aborted signal ends a local stream', async () => {
    const client = open(Mode.JSON_SCHEMA);
    const controller = new AbortController();
    const stream = client.createPartial(
      { messages, responseModel: Person, maxRetries: 0 },
      { signal: controller.signal },
    );

    const error = await failureOf(
      (async () => {
        for await (const partial of stream) {
          void partial;
          controller.abort();
        }
      })(),
    );

    expect((error as Error).name).toBe('ProviderError');
  });
});

describe('local/ through dependency injection', () => {
  it('registerInstructor builds the same local client through the same provider factory', async () => {
    const root = container.createChildContainer();
    registerInstructor(root, {
      model: `local/${MODEL}`,
      mode: Mode.JSON_SCHEMA,
      local: { threads: 1 },
    });
    const client = root.resolve(Instructor);

    const person = await client.create({ messages, responseModel: Person });

    expect(person).toBeInstanceOf(Person);
    expect(client.provider).toBe('local');
    await client.close();
  });
});

describe('local/ configuration errors', () => {
  it('a path with no file is a ConfigurationError before any request', () => {
    const missing = path.join(__dirname, 'no-such-model.gguf');
    expect(() => fromProvider(`local/${missing}`)).toThrow(ConfigurationError);
    expect(() => fromProvider(`local/${missing}`)).toThrow(`no GGUF file at ${missing}`);
  });

  it('connection options that mean nothing in-process are refused', () => {
    expect(() => fromProvider(`local/${MODEL}`, { apiKey: 'sk-x' })).toThrow(
      /`apiKey` has nothing to connect to/,
    );
    expect(() => fromProvider(`local/${MODEL}`, { baseURL: 'http://x' })).toThrow(
      /`baseURL` has nothing to connect to/,
    );
  });

  it.each([
    [{ threads: 0 }, /local.threads must be a whole number/],
    [{ contextSize: 1.5 }, /local.contextSize must be a whole number/],
    [{ gpu: 'tpu' }, /local.gpu must be false/],
    [{ seed: 'x' }, /local.seed must be a whole number/],
    [{ thread: 1 }, /Unknown local option `thread`/],
  ])('local options %j are checked', (local, message) => {
    expect(() => fromProvider(`local/${MODEL}`, { local: local as never })).toThrow(message);
  });

  it('local options on another provider are refused', () => {
    expect(() => fromProvider('openai/gpt-4.1-mini', { apiKey: 'sk-x', local: {} })).toThrow(
      /The `local` options are for "local\/..." models/,
    );
  });
});
