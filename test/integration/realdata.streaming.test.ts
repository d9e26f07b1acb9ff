import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { IsIn, IsString } from 'class-validator';
import {
  fromProvider,
  IncompleteOutputException,
  InstructorRetryException,
  Mode,
  RefusalError,
  type Instructor,
} from '../../src';
import { FakeOpenAIServer } from '../../src/testing';
import { GetWeatherArgs, Location, get_weather } from '../fixtures/models/weather.models';
import { failureOf } from './support';

// Real SSE streams recorded from the OpenAI API by openai-python and openai-node, replayed
// verbatim through the real SDK into createPartial / createIterable.
const RECORDED = path.resolve(__dirname, '../fixtures/recorded');
const python = (name: string): string =>
  readFileSync(path.join(RECORDED, 'openai-python/stream', `${name}.sse`), 'utf8');
const node = (name: string): string =>
  readFileSync(path.join(RECORDED, 'openai-node', `${name}.sse`), 'utf8');

/** The shape of the openai-node stream tests' zod schema. */
class CityUnits {
  @IsString() city!: string;
  @IsIn(['c', 'f']) units!: 'c' | 'f';
}

class get_stock_price {
  @IsString() ticker!: string;
  @IsString() exchange!: string;
}

const messages = [{ role: 'user' as const, content: "What's the weather like in SF?" }];

async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const values: T[] = [];
  for await (const value of stream) values.push(value);
  return values;
}

describe('recorded OpenAI streams replayed through createPartial and createIterable', () => {
  let server: FakeOpenAIServer;

  beforeAll(async () => {
    server = await FakeOpenAIServer.start();
  });
  afterAll(() => server.stop());
  beforeEach(() => server.reset());

  const client = (mode: Mode): Instructor =>
    fromProvider('openai/gpt-4o-2024-08-06', { client: server.client(), mode, maxRetries: 0 });

  it('a json_schema content stream grows a Location and ends validated, with its usage', async () => {
    server.reply({ sse: python('test_parse_pydantic_model') });
    const stream = client(Mode.JSON_SCHEMA).createPartial({ messages, responseModel: Location });

    const values = await collect(stream);

    expect(values.length).toBeGreaterThan(3);
    expect(values[values.length - 1]).toEqual({
      city: 'San Francisco',
      temperature: 61,
      units: 'f',
    });
    expect(values[values.length - 1]).toBeInstanceOf(Location);
    expect(stream.result?.usage).toMatchObject({
      prompt_tokens: 79,
      completion_tokens: 14,
      total_tokens: 93,
    });
    expect(stream.result?.completion.id).toBe('chatcmpl-ABfw1e5abtU8OwGr15vOreYVb2MiF');
  });

  it('a forced tool call stream grows its arguments', async () => {
    server.reply({ sse: python('test_parse_pydantic_tool') });

    const values = await collect(
      client(Mode.TOOLS).createPartial({ messages, responseModel: GetWeatherArgs }),
    );

    expect(values[values.length - 1]).toEqual({ city: 'Edinburgh', country: 'UK', units: 'c' });
  });

  it('a strict tool call stream', async () => {
    server.reply({ sse: python('test_parse_strict_tools') });

    const values = await collect(
      client(Mode.TOOLS_STRICT).createPartial({ messages, responseModel: get_weather }),
    );

    expect(values[values.length - 1]).toEqual({ city: 'San Francisco', state: 'CA' });
  });

  it('two parallel tool calls with interleaved argument deltas, one element each', async () => {
    server.reply({ sse: python('test_parse_multiple_pydantic_tools') });

    const values = await collect(
      client(Mode.PARALLEL_TOOLS).createIterable({
        messages,
        responseModel: [GetWeatherArgs, get_stock_price],
      }),
    );

    expect(values).toEqual([
      { city: 'Edinburgh', country: 'GB', units: 'c' },
      { ticker: 'AAPL', exchange: 'NASDAQ' },
    ]);
    expect(values[0]).toBeInstanceOf(GetWeatherArgs);
    expect(values[1]).toBeInstanceOf(get_stock_price);
  });

  it('a streamed refusal is a RefusalError with the whole text', async () => {
    server.reply({ sse: python('test_parse_pydantic_model_refusal') });

    const error = await failureOf(
      collect(client(Mode.JSON_SCHEMA).createPartial({ messages, responseModel: Location })),
    );

    expect(error).toBeInstanceOf(RefusalError);
    expect((error as RefusalError).refusal).toMatch(/^I'm sorry/);
  });

  it('a stream cut off by max_tokens is an IncompleteOutputException', async () => {
    server.reply({ sse: python('test_parse_max_tokens_reached') });

    const error = await failureOf(
      collect(client(Mode.JSON_SCHEMA).createPartial({ messages, responseModel: Location })),
    );

    expect(error).toBeInstanceOf(IncompleteOutputException);
  });

  it('a plain text stream in JSON mode fails to parse and is reported, not thrown raw', async () => {
    server.reply({ sse: python('test_parse_nothing') });

    const error = await failureOf(
      collect(client(Mode.JSON).createPartial({ messages, responseModel: Location })),
    );

    expect(error).toBeInstanceOf(InstructorRetryException);
    expect((error as InstructorRetryException).failedAttempts[0]!.error.rawText).toMatch(
      /^I'm unable/,
    );
  });

  it('leading newline chunks before the JSON (openai-node) are tolerated', async () => {
    server.reply({
      sse: node('ChatCompletionStream__.stream_is_robust_against_leading_newline_chunks_1'),
    });

    const values = await collect(
      client(Mode.JSON_SCHEMA).createPartial({ messages, responseModel: CityUnits }),
    );

    expect(values[values.length - 1]).toEqual({ city: 'San Francisco', units: 'c' });
  });

  it.each([
    ['openai-python', 'test_content_logprobs_events'],
    ['openai-node', 'ChatCompletionStream__.stream_emits_content_logprobs_events_1'],
  ])(
    'a %s stream with logprobs keeps them in the assembled completion (%s)',
    async (source, name) => {
      server.reply({ sse: source === 'openai-node' ? node(name) : python(name) });
      const raw: unknown[] = [];
      const c = fromProvider('openai/gpt-4o', {
        client: server.client(),
        mode: Mode.JSON,
        maxRetries: 0,
      });
      c.on('completion:response', (response) => {
        raw.push(response.choices[0]?.logprobs);
      });

      await failureOf(collect(c.createPartial({ messages, responseModel: Location })));

      expect(raw).toHaveLength(1);
      expect((raw[0] as { content: unknown[] }).content.length).toBeGreaterThan(0);
    },
  );
});
