import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Min,
  Validate,
  ValidateNested,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { OpenAIError } from 'openai';
import { standardFunction, standardResponseFormat } from 'openai/helpers/standard-schema';
import { toStandardSchema } from '../../src/standard-schema';
import { FakeOpenAIServer } from '../../src/testing';

// openai-node 6.x ships Standard Schema helpers (openai/helpers/standard-schema): they read
// `~standard.jsonSchema.input({ target: 'draft-07' })`, strictify it, send it with `strict: true`,
// and parse the reply through `~standard.validate`, which must answer synchronously.

class LineItem {
  @IsString() sku!: string;
  @IsInt() @Min(1) quantity!: number;
}

class Order {
  @IsString() id!: string;
  @IsArray() @ValidateNested({ each: true }) @Type(() => LineItem) items!: LineItem[];
  @IsOptional() @IsString() note?: string;
  @IsOptional() @IsUrl() website?: string;
}

class TreeNode {
  @IsString() label!: string;
  @IsOptional() @ValidateNested() @Type(() => TreeNode) child?: TreeNode;
}

@ValidatorConstraint({ name: 'alwaysLater', async: true })
class AlwaysLater implements ValidatorConstraintInterface {
  async validate(): Promise<boolean> {
    return Promise.resolve(true);
  }
}

class AsyncChecked {
  @IsString() @Validate(AlwaysLater) name!: string;
}

describe("openai-node's Standard Schema helpers with toStandardSchema", () => {
  let server: FakeOpenAIServer;
  const messages = [{ role: 'user' as const, content: 'Extract the order.' }];
  const order = { id: 'o-1', items: [{ sku: 'a', quantity: 2 }], note: null, website: null };

  beforeAll(async () => {
    server = await FakeOpenAIServer.start();
  });
  afterAll(() => server.stop());
  beforeEach(() => server.reset());

  it('standardResponseFormat sends our strict schema and parses the reply into an instance', async () => {
    const schema = toStandardSchema(Order);
    server.reply({ content: JSON.stringify(order) });

    const completion = await server.client().chat.completions.parse({
      model: 'gpt-4.1-mini',
      messages,
      response_format: standardResponseFormat(schema, 'Order'),
    });

    expect(server.requests[0]?.response_format).toEqual({
      type: 'json_schema',
      json_schema: {
        name: 'Order',
        strict: true,
        schema: schema['~standard'].jsonSchema.input({ target: 'draft-07' }),
      },
    });
    const parsed = completion.choices[0]?.message.parsed;
    expect(parsed).toBeInstanceOf(Order);
    expect(parsed?.items[0]).toBeInstanceOf(LineItem);
    expect(parsed).toEqual(order);
  });

  it('standardFunction sends our schema as strict tool parameters and parses the arguments', async () => {
    const schema = toStandardSchema(Order);
    server.reply({ toolCall: { name: 'record_order', arguments: order } });

    const completion = await server.client().chat.completions.parse({
      model: 'gpt-4.1-mini',
      messages,
      tools: [standardFunction({ name: 'record_order', parameters: schema })],
    });

    expect(server.requests[0]?.tools).toEqual([
      {
        type: 'function',
        function: {
          name: 'record_order',
          strict: true,
          parameters: schema['~standard'].jsonSchema.input({ target: 'draft-07' }),
        },
      },
    ]);
    const call = completion.choices[0]?.message.tool_calls?.[0];
    const parsedArguments: unknown = call?.type === 'function' && call.function.parsed_arguments;
    expect(parsedArguments).toBeInstanceOf(Order);
    expect(parsedArguments).toEqual(order);
  });

  it('a recursive class travels as draft-07 definitions', async () => {
    const schema = toStandardSchema(TreeNode);
    const tree = { label: 'root', child: { label: 'leaf', child: null } };
    server.reply({ content: JSON.stringify(tree) });

    const completion = await server.client().chat.completions.parse({
      model: 'gpt-4.1-mini',
      messages,
      response_format: standardResponseFormat(schema, 'TreeNode'),
    });

    const sent = server.requests[0]?.response_format;
    expect(sent).toMatchObject({
      json_schema: { schema: schema['~standard'].jsonSchema.input({ target: 'draft-07' }) },
    });
    expect(JSON.stringify(sent)).toContain('"$ref":"#/definitions/TreeNode"');
    const parsed = completion.choices[0]?.message.parsed;
    expect(parsed?.child).toBeInstanceOf(TreeNode);
    expect(parsed).toEqual(tree);
  });

  it('a reply that fails validation rejects with OpenAIError naming each issue path', async () => {
    server.reply({
      content: JSON.stringify({
        ...order,
        items: [
          { sku: 'a', quantity: 1 },
          { sku: 7, quantity: 0 },
        ],
      }),
    });

    const failure = server
      .client()
      .chat.completions.parse({
        model: 'gpt-4.1-mini',
        messages,
        response_format: standardResponseFormat(toStandardSchema(Order), 'Order'),
      })
      .catch((error: unknown) => error);

    const error = await failure;
    expect(error).toBeInstanceOf(OpenAIError);
    expect((error as OpenAIError).message).toBe(
      'Standard Schema validation failed: items.1.sku: sku must be a string; ' +
        'items.1.quantity: quantity must not be less than 1',
    );
  });

  it('a class with async validators is refused by the helper, which only validates synchronously', async () => {
    server.reply({ content: JSON.stringify({ name: 'ada' }) });

    const error = await server
      .client()
      .chat.completions.parse({
        model: 'gpt-4.1-mini',
        messages,
        response_format: standardResponseFormat(toStandardSchema(AsyncChecked), 'AsyncChecked'),
      })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(OpenAIError);
    expect((error as OpenAIError).message).toContain('only support synchronous validation');
  });

  it('is why strict is the default: only the strict form moves formats OpenAI rejects out of the schema', () => {
    const website = (schema: Parameters<typeof standardResponseFormat>[0]): unknown =>
      (
        standardResponseFormat(schema, 'Order').json_schema.schema as {
          properties: Record<string, unknown>;
        }
      ).properties.website;

    // `uri` (from @IsUrl) is not a format strict structured outputs accept: the API answers 400.
    expect(website(toStandardSchema(Order, { strict: false }))).toEqual({
      anyOf: [{ type: 'string', format: 'uri' }, { type: 'null' }],
    });
    expect(website(toStandardSchema(Order))).toEqual({
      anyOf: [{ type: 'string' }, { type: 'null' }],
      description: '(format: uri)',
    });
  });
});
