import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsInt, IsString, Min, MinLength, ValidateNested } from 'class-validator';
import {
  ConfigurationError,
  fromProvider,
  Instructor,
  InstructorRetryException,
  Mode,
} from '../../src';
import { FakeOpenAIServer } from '../../src/testing';
import { collect, failureOf, functionToolOf } from './support';

class Signup {
  @IsString() name!: string;
  // Checked only when the caller validates with the `strict` group.
  @IsInt({ groups: ['strict'] }) @Min(18, { groups: ['strict'] }) age!: number;
}

class Address {
  @IsString() @MinLength(2, { groups: ['strict'] }) city!: string;
}

class Customer {
  @IsString() name!: string;
  @ValidateNested() @Type(() => Address) address!: Address;
}

describe('validatorOptions (client and per call)', () => {
  let server: FakeOpenAIServer;
  const messages = [{ role: 'user' as const, content: 'Extract' }];

  beforeAll(async () => {
    server = await FakeOpenAIServer.start();
  });
  afterAll(() => server.stop());
  beforeEach(() => server.reset());

  it('keeps the safe defaults: an invented key is dropped, not an error', async () => {
    const client = fromProvider('openai/gpt-4.1-mini', { client: server.client(), maxRetries: 0 });
    server.reply({ toolCall: { name: 'Signup', arguments: { name: 'Ada', age: 36, role: 'x' } } });

    const signup = await client.create({ messages, responseModel: Signup });

    expect(signup).toEqual(Object.assign(new Signup(), { name: 'Ada', age: 36 }));
    expect(client.validatorOptions).toMatchObject({ whitelist: true, forbidUnknownValues: true });
  });

  it('merges the client option over the defaults: forbidNonWhitelisted re-asks an invented key', async () => {
    const client = fromProvider('openai/gpt-4.1-mini', {
      client: server.client(),
      maxRetries: 1,
      validatorOptions: { forbidNonWhitelisted: true },
    });
    server.reply(
      { toolCall: { name: 'Signup', arguments: { name: 'Ada', age: 36, role: 'admin' } } },
      { toolCall: { name: 'Signup', arguments: { name: 'Ada', age: 36 } } },
    );

    const signup = await client.create({ messages, responseModel: Signup });

    expect(signup.name).toBe('Ada');
    expect(server.requests).toHaveLength(2);
    expect(JSON.stringify(server.requests[1]?.messages)).toContain(
      'role: property role should not exist',
    );
    expect(client.validatorOptions).toMatchObject({ whitelist: true, forbidNonWhitelisted: true });
  });

  it('lets a call override the client per key, for that call only', async () => {
    const client = new Instructor({
      client: server.client(),
      model: 'gpt-4.1-mini',
      maxRetries: 0,
      validatorOptions: { forbidNonWhitelisted: true },
    });
    const invented = { name: 'Ada', age: 36, role: 'admin' };
    server.reply(
      { toolCall: { name: 'Signup', arguments: invented } },
      { toolCall: { name: 'Signup', arguments: invented } },
    );

    const relaxed = await client.create({
      messages,
      responseModel: Signup,
      validatorOptions: { forbidNonWhitelisted: false },
    });
    const strict = await failureOf(client.create({ messages, responseModel: Signup }));

    expect(relaxed).toEqual(Object.assign(new Signup(), { name: 'Ada', age: 36 }));
    expect(strict).toBeInstanceOf(InstructorRetryException);
    expect((strict as Error).message).toContain('property role should not exist');
  });

  it('never sends validatorOptions on the wire', async () => {
    const client = fromProvider('openai/gpt-4.1-mini', {
      client: server.client(),
      validatorOptions: { stopAtFirstError: true },
    });
    server.reply({ toolCall: { name: 'Signup', arguments: { name: 'Ada', age: 36 } } });

    await client.create({ messages, responseModel: Signup, validatorOptions: { groups: [] } });

    expect(Object.keys(server.requests[0] ?? {}).sort()).toEqual(
      ['messages', 'model', 'tool_choice', 'tools'].sort(),
    );
  });

  describe('groups', () => {
    it('validate only the selected groups, and the schema sent describes just those', async () => {
      const client = fromProvider('openai/gpt-4.1-mini', {
        client: server.client(),
        maxRetries: 1,
      });
      server.reply(
        { toolCall: { name: 'Signup', arguments: { name: 'Ada', age: 21 } } },
        { toolCall: { name: 'Signup', arguments: { name: 'Ada', age: 12 } } },
        { toolCall: { name: 'Signup', arguments: { name: 'Ada', age: 21 } } },
      );

      const everything = await client.create({ messages, responseModel: Signup });
      const strict = await client.create({
        messages,
        responseModel: Signup,
        validatorOptions: { groups: ['strict'] },
      });

      expect(everything).toEqual(Object.assign(new Signup(), { name: 'Ada', age: 21 }));
      // class-validator with groups runs only the validators in them: the ungrouped @IsString
      // is not run, and whitelist strips `name`. The schema sent says the same.
      expect(strict).toEqual(Object.assign(new Signup(), { age: 21 }));
      const [first, second, third] = server.requests.map(
        (request) => functionToolOf(request).function.parameters,
      );
      expect(first).toEqual({
        type: 'object',
        properties: { name: { type: 'string' }, age: { type: 'integer', minimum: 18 } },
        required: ['name', 'age'],
        additionalProperties: false,
      });
      expect(second).toEqual({
        type: 'object',
        properties: { age: { type: 'integer', minimum: 18 } },
        required: ['age'],
        additionalProperties: false,
      });
      expect(third).toEqual(second);
      expect(JSON.stringify(server.requests[2]?.messages)).toContain(
        'age: age must not be less than 18',
      );
    });

    it('apply to nested classes too; `always` keeps the ungrouped validators running', async () => {
      const client = fromProvider('openai/gpt-4.1-mini', {
        client: server.client(),
        maxRetries: 0,
      });
      const reply = { name: 'Ada', address: { city: 'X' } };
      server.reply(
        { toolCall: { name: 'Customer', arguments: reply } },
        { toolCall: { name: 'Customer', arguments: reply } },
      );

      const other = await client.create({
        messages,
        responseModel: Customer,
        validatorOptions: { groups: ['other'], always: true },
      });
      const strict = await failureOf(
        client.create({
          messages,
          responseModel: Customer,
          validatorOptions: { groups: ['strict'], always: true },
        }),
      );

      expect(other.address).toBeInstanceOf(Address);
      expect(other.address.city).toBe('X');
      expect(strict).toBeInstanceOf(InstructorRetryException);
      expect((strict as Error).message).toContain(
        'address.city: city must be longer than or equal to 2 characters',
      );
      const cities = server.requests.map(
        (request) =>
          (
            functionToolOf(request).function.parameters as {
              properties: { address: { properties: { city: unknown } } };
            }
          ).properties.address.properties.city,
      );
      expect(cities).toEqual([{ type: 'string' }, { type: 'string', minLength: 2 }]);
    });

    it('keep createIterable lists whole (the list wrapper is validated in every group)', async () => {
      const client = fromProvider('openai/gpt-4.1-mini', {
        client: server.client(),
        mode: Mode.JSON_SCHEMA,
        maxRetries: 0,
      });
      server.reply({
        content: JSON.stringify({
          items: [
            { name: 'A', age: 30 },
            { name: 'B', age: 40 },
          ],
        }),
      });

      const signups = await collect(
        client.createIterable({
          messages,
          responseModel: Signup,
          validatorOptions: { groups: ['strict'] },
        }),
      );

      expect(signups.map((signup) => signup.age)).toEqual([30, 40]);
      expect(signups[0]).toBeInstanceOf(Signup);
      const format = server.requests[0]?.response_format as { json_schema: { schema: unknown } };
      expect(format.json_schema.schema).toMatchObject({
        properties: { items: { items: { properties: { age: { type: 'integer' } } } } },
      });
    });
  });

  describe('bad options are ConfigurationErrors before any request', () => {
    it.each([
      [{ forbidNonWhitelisted: 'yes' }, '`forbidNonWhitelisted` must be a boolean'],
      [{ groups: 'strict' }, '`groups` must be an array of strings'],
      [
        { validationError: { target: 1 } },
        '`validationError` must be { target?: boolean, value?: boolean }',
      ],
      [
        { whitelists: true },
        'has an unknown option `whitelists` (known: enableDebugMessages, skipUndefinedProperties, ' +
          'skipNullProperties, skipMissingProperties, whitelist, forbidNonWhitelisted, ' +
          'dismissDefaultMessages, always, strictGroups, forbidUnknownValues, stopAtFirstError, ' +
          'groups, validationError)',
      ],
      ['strict', 'must be an object of class-validator options'],
    ])('%j', async (validatorOptions, message) => {
      expect(() =>
        fromProvider('openai/gpt-4.1-mini', {
          client: server.client(),
          validatorOptions: validatorOptions as never,
        }),
      ).toThrow(
        expect.objectContaining({
          message: `\`validatorOptions\` in the client options ${message}.`,
        }) as Error,
      );
      const client = fromProvider('openai/gpt-4.1-mini', { client: server.client() });
      const error = await failureOf(
        client.create({
          messages,
          responseModel: Signup,
          validatorOptions: validatorOptions as never,
        }),
      );
      expect(error).toBeInstanceOf(ConfigurationError);
      expect((error as Error).message).toBe(
        `\`validatorOptions\` in the params of create() ${message}.`,
      );
      expect(server.requests).toHaveLength(0);
    });

    it('in `defaults`, where it would go on the wire', () => {
      expect(() =>
        fromProvider('openai/gpt-4.1-mini', {
          client: server.client(),
          defaults: { validatorOptions: {} } as never,
        }),
      ).toThrow(
        /`validatorOptions` in `defaults` is a per-call option of create\(\), or the client option `validatorOptions`/,
      );
    });
  });
});
