import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  fromProvider,
  IncompleteOutputException,
  Mode,
  RefusalError,
  type Instructor,
} from '../../src';
import { FakeOpenAIServer } from '../../src/testing';
import { Query } from '../fixtures/models/order-query.model';
import { GetWeatherArgs, get_weather, Location } from '../fixtures/models/weather.models';

// Real OpenAI bodies recorded by openai-python's test suite, served verbatim through the real SDK.
const RECORDED = path.resolve(__dirname, '../fixtures/recorded/openai-python/nonstream');
const recorded = (name: string): string =>
  readFileSync(path.join(RECORDED, `${name}.json`), 'utf8');

describe('recorded OpenAI replies replayed through the SDK', () => {
  let server: FakeOpenAIServer;
  const messages = [{ role: 'user' as const, content: "What's the weather like in Edinburgh?" }];

  beforeAll(async () => {
    server = await FakeOpenAIServer.start();
  });
  afterAll(() => server.stop());
  beforeEach(() => server.reset());

  const client = (mode: Mode): Instructor =>
    fromProvider('openai/gpt-4o-2024-08-06', { client: server.client(), mode, maxRetries: 0 });

  it('a forced tool call (TOOLS)', async () => {
    server.reply({ body: recorded('test_parse_pydantic_tool') });

    const result = await client(Mode.TOOLS).createWithCompletion({
      messages,
      responseModel: GetWeatherArgs,
    });

    expect(result.data).toBeInstanceOf(GetWeatherArgs);
    expect(result.data).toEqual({ city: 'Edinburgh', country: 'UK', units: 'c' });
    expect(result.completion.id).toBe('chatcmpl-ABfvx6Z4dchiW2nya1N8KMsHFrQRE');
    expect(result.usage).toEqual({
      prompt_tokens: 76,
      completion_tokens: 24,
      total_tokens: 100,
      completion_tokens_details: { reasoning_tokens: 0 },
    });
  });

  it('a strict tool call (TOOLS_STRICT)', async () => {
    server.reply({ body: recorded('test_parse_strict_tools') });

    const weather = await client(Mode.TOOLS_STRICT).create({
      messages,
      responseModel: get_weather,
    });

    expect(weather).toBeInstanceOf(get_weather);
    expect(weather).toEqual({ city: 'San Francisco', state: 'CA' });
    expect(server.requests[0]!.tools![0]).toMatchObject({ function: { strict: true } });
  });

  it('the matching tool among parallel calls', async () => {
    server.reply({ body: recorded('test_parse_multiple_pydantic_tools') });

    const args = await client(Mode.TOOLS).create({ messages, responseModel: GetWeatherArgs });

    expect(args).toEqual({ city: 'Edinburgh', country: 'GB', units: 'c' });
  });

  it('nested classes in an array (all-types tool reply)', async () => {
    server.reply({ body: recorded('test_pydantic_tool_model_all_types') });

    const query = await client(Mode.TOOLS).create({ messages, responseModel: Query });

    expect(query).toBeInstanceOf(Query);
    expect(query.table_name).toBe('orders');
    expect(query.conditions).toHaveLength(4);
    expect(query.conditions[3]).toEqual({
      column: 'delivered_at',
      operator: '>',
      value: { column_name: 'expected_delivery_date' },
    });
    expect(query.conditions[0]!.constructor.name).toBe('Condition');
  });

  it('a json_schema reply (JSON_SCHEMA)', async () => {
    server.reply({ body: recorded('test_parse_pydantic_model') });

    const location = await client(Mode.JSON_SCHEMA).create({ messages, responseModel: Location });

    expect(location).toBeInstanceOf(Location);
    expect(location).toEqual({ city: 'San Francisco', temperature: 65, units: 'f' });
  });

  // create() refuses `n > 1` (it validates one reply); a server that sends several anyway is read
  // from its first choice.
  it('the first choice of a reply with three choices', async () => {
    server.reply({ body: recorded('test_parse_pydantic_model_multiple_choices') });

    const location = await client(Mode.JSON_SCHEMA).create({ messages, responseModel: Location });

    expect(location.temperature).toBe(64);
  });

  it('a refusal', async () => {
    server.reply({ body: recorded('test_parse_pydantic_model_refusal') });

    const error: unknown = await client(Mode.JSON_SCHEMA)
      .create({ messages, responseModel: Location })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(RefusalError);
    expect((error as RefusalError).refusal).toBe("I'm very sorry, but I can't assist with that.");
  });

  it('a reply cut off by max_tokens', async () => {
    server.reply({ body: recorded('test_parse_max_tokens_reached') });

    const error: unknown = await client(Mode.JSON_SCHEMA)
      .create({ messages, responseModel: Location, max_tokens: 1 })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(IncompleteOutputException);
    expect((error as IncompleteOutputException).lastCompletion.usage?.completion_tokens).toBe(1);
    expect(server.requests).toHaveLength(1);
  });

  it('a plain text reply in JSON mode fails to parse and reports the raw text', async () => {
    server.reply({ body: recorded('test_parse_nothing') });

    const error: unknown = await client(Mode.JSON)
      .create({ messages, responseModel: Location })
      .catch((caught: unknown) => caught);

    expect((error as { cause: { rawText: string } }).cause.rawText).toMatch(
      /^I'm unable to provide real-time weather updates/,
    );
  });
});
