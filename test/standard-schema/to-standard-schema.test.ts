import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Min,
  Validate,
  ValidateNested,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { ConfigurationError } from '../../src/errors';
import { buildClassSchema } from '../../src/schema';
import {
  toStandardSchema,
  type StandardJSONSchemaV1,
  type StandardResult,
  type StandardSchemaV1,
} from '../../src/standard-schema';

class Address {
  @IsString() street!: string;
  @IsString() @Length(5, 5) zip!: string;
}

class LineItem {
  @IsString() sku!: string;
  @IsInt() @Min(1) quantity!: number;
}

class Order {
  @IsString() id!: string;
  @ValidateNested() @Type(() => Address) shipTo!: Address;
  @IsArray() @ValidateNested({ each: true }) @Type(() => LineItem) items!: LineItem[];
  @IsOptional() @IsString({ each: true }) tags?: string[];
  @IsOptional() @IsUrl() website?: string;
}

class TreeNode {
  @IsString() label!: string;
  @IsOptional() @ValidateNested() @Type(() => TreeNode) child?: TreeNode;
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => TreeNode)
  children?: TreeNode[];
}

class IndexNamed {
  @IsString() '0'!: string;
}

@ValidatorConstraint({ name: 'notReserved', async: true })
class NotReserved implements ValidatorConstraintInterface {
  async validate(value: unknown): Promise<boolean> {
    await Promise.resolve();
    return value !== 'admin';
  }
  defaultMessage(): string {
    return 'the name is reserved';
  }
}

class Account {
  @IsString() @Validate(NotReserved) name!: string;
}

const validOrder = () => ({
  id: 'o-1',
  shipTo: { street: 'Main St', zip: '12345' },
  items: [{ sku: 'a', quantity: 1 }],
  tags: ['gift'],
});

/** A synchronous result, failing the test when validate answered with a promise. */
function syncResult<T>(result: StandardResult<T> | Promise<StandardResult<T>>): StandardResult<T> {
  if (result instanceof Promise) throw new Error('validate returned a promise');
  return result;
}

/** The validated value of a synchronous success; fails the test, showing the issues, otherwise. */
function successValue<T>(result: StandardResult<T> | Promise<StandardResult<T>>): T {
  const settled = syncResult(result);
  if (settled.issues) throw new Error(`expected success, got ${JSON.stringify(settled.issues)}`);
  return settled.value;
}

/** `{ label, child: { label, child: ... } }`, `depth` levels, built without recursion. */
function deepTree(depth: number, leafLabel: unknown): unknown {
  let node: Record<string, unknown> = { label: leafLabel };
  for (let level = 1; level < depth; level++) node = { label: 'x', child: node };
  return node;
}

describe('toStandardSchema', () => {
  describe('the ~standard object', () => {
    it('declares version 1 and the class-instructor vendor', () => {
      const standard = toStandardSchema(Order)['~standard'];

      expect(standard.version).toBe(1);
      expect(standard.vendor).toBe('class-instructor');
      expect(typeof standard.validate).toBe('function');
      expect(typeof standard.jsonSchema.input).toBe('function');
      expect(typeof standard.jsonSchema.output).toBe('function');
    });

    it('infers the class as its output type and fits both spec interfaces', () => {
      const schema = toStandardSchema(Order);
      type Output = NonNullable<(typeof schema)['~standard']['types']>['output'];
      const exactlyOrder: [Output] extends [Order]
        ? [Order] extends [Output]
          ? true
          : false
        : false = true;
      const asSchema: StandardSchemaV1<unknown, Order> = schema;
      const asJsonSchema: StandardJSONSchemaV1<unknown, Order> = schema;

      expect([exactlyOrder, asSchema, asJsonSchema]).toEqual([true, schema, schema]);
    });

    it('keeps working when validate and input are called detached from their object', () => {
      const { validate, jsonSchema } = toStandardSchema(Order)['~standard'];
      const { input } = jsonSchema;

      expect(syncResult(validate(validOrder())).issues).toBeUndefined();
      expect(input({ target: 'draft-2020-12' })).toMatchObject({ type: 'object' });
    });
  });

  describe('validate', () => {
    const { validate } = toStandardSchema(Order)['~standard'];

    it('answers synchronously with an instance of the class, nested classes included', () => {
      const result = validate(validOrder());

      expect(result).not.toBeInstanceOf(Promise);
      expect(syncResult(result).issues).toBeUndefined();
      const value = successValue(result);
      expect(value).toBeInstanceOf(Order);
      expect(value.shipTo).toBeInstanceOf(Address);
      expect(value.items[0]).toBeInstanceOf(LineItem);
      expect(value).toEqual(validOrder());
    });

    it('drops keys the class does not declare, as a reply would', () => {
      const value = successValue(validate({ ...validOrder(), mood: 'happy' }));

      expect(value).not.toHaveProperty('mood');
    });

    it('accepts null for an optional property, as the strict schema tells the model to send', () => {
      const value = successValue(validate({ ...validOrder(), tags: null, website: null }));

      expect(value).toMatchObject({ tags: null, website: null });
    });

    it('reports each failure with its path: nested properties, array indexes as numbers', () => {
      const result = syncResult(
        validate({
          id: 7,
          shipTo: { street: 'Main St', zip: '123' },
          items: [
            { sku: 'a', quantity: 1 },
            { sku: 'b', quantity: 0 },
          ],
          tags: ['gift', 4],
        }),
      );

      expect(result.issues).toEqual([
        { message: 'id must be a string', path: ['id'] },
        { message: 'zip must be longer than or equal to 5 characters', path: ['shipTo', 'zip'] },
        { message: 'quantity must not be less than 1', path: ['items', 1, 'quantity'] },
        // class-validator names no element for `each` on primitives: the path stops at the array.
        { message: 'each value in tags must be a string', path: ['tags'] },
      ]);
    });

    it('reports a non-array for an array of nested classes at the property itself', () => {
      const result = syncResult(validate({ ...validOrder(), items: 'none' }));

      expect(result.issues).toEqual([
        { message: 'items must be an array', path: ['items'] },
        {
          message: 'each value in nested property items must be either object or array',
          path: ['items'],
        },
      ]);
    });

    it("keeps a property named '0' a string: only array children become numbers", () => {
      const result = syncResult(toStandardSchema(IndexNamed)['~standard'].validate({ 0: 1 }));

      expect(result.issues).toEqual([{ message: '0 must be a string', path: ['0'] }]);
    });

    it.each([
      ['a string', 'hello', 'a string'],
      ['null', null, 'null'],
      ['an array', [validOrder()], 'an array'],
      ['undefined', undefined, 'a undefined'],
    ])('answers %s with one issue at the root', (_, input, described) => {
      const result = syncResult(validate(input));

      expect(result.issues).toEqual([
        { message: `Order: expected a JSON object, got ${described}`, path: [] },
      ]);
    });

    it('returns a promise when the class tree has async validators, resolving to the result', async () => {
      const { validate: validateAccount } = toStandardSchema(Account)['~standard'];

      const accepted = validateAccount({ name: 'ada' });
      const refused = validateAccount({ name: 'admin' });
      const notAnObject = validateAccount(42);

      expect(accepted).toBeInstanceOf(Promise);
      expect((await accepted).issues).toBeUndefined();
      expect(((await accepted) as { value: Account }).value).toBeInstanceOf(Account);
      expect((await refused).issues).toEqual([{ message: 'the name is reserved', path: ['name'] }]);
      expect((await notAnObject).issues).toEqual([
        { message: 'Account: expected a JSON object, got a number', path: [] },
      ]);
    });
  });

  describe('validate with hostile values', () => {
    const { validate } = toStandardSchema(Order)['~standard'];

    it('strips __proto__, constructor and prototype keys at every depth, polluting nothing', () => {
      const input: unknown = JSON.parse(
        '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},' +
          '"id":"o-1","shipTo":{"street":"Main St","zip":"12345","__proto__":{"polluted":true}},' +
          '"items":[{"sku":"a","quantity":1,"prototype":1}]}',
      );

      const value = successValue(validate(input));

      expect(Object.getPrototypeOf(value)).toBe(Order.prototype);
      expect(Object.getPrototypeOf(value.shipTo)).toBe(Address.prototype);
      expect(value).toEqual({
        id: 'o-1',
        shipTo: { street: 'Main St', zip: '12345' },
        items: [{ sku: 'a', quantity: 1 }],
      });
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it("neither changes the caller's value nor shares its objects with the instance", () => {
      const input = JSON.parse('{"__proto__":1,"mood":"x"}') as Record<string, unknown>;
      Object.assign(input, validOrder());

      const value = successValue(validate(input));
      value.tags?.push('changed');

      expect(Object.keys(input)).toEqual(['__proto__', 'mood', 'id', 'shipTo', 'items', 'tags']);
      expect(input.tags).toEqual(['gift']);
      expect(value.tags).not.toBe(input.tags);
    });

    it('turns 10,000-deep nesting in a scalar property into an issue', () => {
      const result = syncResult(validate({ ...validOrder(), id: deepTree(10_000, 'x') }));

      expect(result.issues).toEqual([{ message: 'id must be a string', path: ['id'] }]);
    });

    it('follows a recursive class down to the failing property', () => {
      const { validate: validateTree } = toStandardSchema(TreeNode)['~standard'];

      const result = syncResult(validateTree(deepTree(3, 5)));

      expect(result.issues).toEqual([
        { message: 'label must be a string', path: ['child', 'child', 'label'] },
      ]);
    });

    it('turns 10,000-deep nesting of a recursive class into an issue, not a RangeError', () => {
      const { validate: validateTree } = toStandardSchema(TreeNode)['~standard'];

      let result: StandardResult<TreeNode> | undefined;
      expect(() => (result = syncResult(validateTree(deepTree(10_000, 'x'))))).not.toThrow();

      expect(result?.issues).toEqual([
        { message: expect.stringContaining('Maximum call stack size exceeded'), path: [] },
      ]);
    });

    it('resolves, never rejects, for a hostile value when validation is async', async () => {
      const { validate: validateAccount } = toStandardSchema(Account)['~standard'];
      const circular: Record<string, unknown> = { name: 'ada' };
      circular.self = circular;

      const result = await validateAccount(circular);

      expect(result.issues).toEqual([
        { message: expect.stringContaining('circular or shared reference'), path: [] },
      ]);
    });

    it('turns a circular reference into an issue instead of looping', () => {
      const input: Record<string, unknown> = validOrder();
      input.shipTo = input;

      const result = syncResult(validate(input));

      expect(result.issues).toEqual([
        {
          message: expect.stringContaining('circular or shared reference'),
          path: [],
        },
      ]);
    });

    it('turns a huge sparse array into an issue instead of walking its length', () => {
      const items: unknown[] = [];
      items[2 ** 32 - 2] = { sku: 'a', quantity: 1 };

      const result = syncResult(validate({ ...validOrder(), items }));

      expect(result.issues).toEqual([
        {
          message: 'Order could not be validated: the value holds a sparse array (one with holes)',
          path: [],
        },
      ]);
    });

    it('accepts an object with a null prototype, as a plain object', () => {
      const input = Object.assign(Object.create(null) as object, validOrder());

      expect(successValue(validate(input))).toEqual(validOrder());
    });

    it.each([
      ['an Error', new Error('boom'), 'boom'],
      ['a non-Error', 'boom', 'unknown error'],
    ])('turns a getter throwing %s into an issue', (_, thrown, reason) => {
      const input = {
        ...validOrder(),
        get id(): string {
          // Hostile code may throw anything, a bare string included: that is the case under test.
          // eslint-disable-next-line @typescript-eslint/only-throw-error
          throw thrown;
        },
      };

      const result = syncResult(validate(input));

      expect(result.issues).toEqual([
        { message: `Order could not be validated: ${reason}`, path: [] },
      ]);
    });
  });

  describe('jsonSchema', () => {
    it.each(['input', 'output'] as const)(
      '%s is the class strict schema, a fresh mutable copy on every call',
      (method) => {
        const convert = toStandardSchema(Order)['~standard'].jsonSchema[method];

        const first = convert({ target: 'draft-2020-12' });
        const second = convert({ target: 'draft-2020-12' });

        expect(first).toEqual(buildClassSchema(Order, { strict: true }));
        expect(first).not.toBe(second);
        expect(first).not.toBe(buildClassSchema(Order, { strict: true }));
        expect(Object.isFrozen(first)).toBe(false);
        const properties = first.properties as Record<string, Record<string, unknown>>;
        expect(Object.isFrozen(properties.shipTo)).toBe(false);
        properties.shipTo!.description = 'changed by a consumer';
        delete first.required;

        expect(second).toEqual(buildClassSchema(Order, { strict: true }));
        expect(convert({ target: 'draft-2020-12' })).toEqual(
          buildClassSchema(Order, { strict: true }),
        );
      },
    );

    it('throws a ConfigurationError when called without options', () => {
      const { jsonSchema } = toStandardSchema(Order)['~standard'];

      expect(() => jsonSchema.input(undefined as unknown as { target: string })).toThrow(
        "Order: JSON Schema target undefined is not supported; class-instructor produces 'draft-2020-12' and 'draft-07'.",
      );
    });

    it('gives the plain (non-strict) schema with { strict: false }', () => {
      const { jsonSchema } = toStandardSchema(Order, { strict: false })['~standard'];

      expect(jsonSchema.input({ target: 'draft-2020-12' })).toEqual(
        buildClassSchema(Order, { strict: false }),
      );
    });

    it('gives the same schema for draft-07 when the class does not recurse', () => {
      const { jsonSchema } = toStandardSchema(Order)['~standard'];

      expect(jsonSchema.input({ target: 'draft-07' })).toEqual(
        buildClassSchema(Order, { strict: true }),
      );
    });

    it('moves recursive classes from $defs to definitions for draft-07', () => {
      const { jsonSchema } = toStandardSchema(TreeNode)['~standard'];
      const modern = buildClassSchema(TreeNode, { strict: true });

      const draft07 = jsonSchema.input({ target: 'draft-07' });

      expect(modern.$defs).toBeDefined();
      const { $defs, ...rest } = modern;
      const expected = JSON.parse(
        JSON.stringify({ ...rest, definitions: $defs }).replaceAll('#/$defs/', '#/definitions/'),
      ) as unknown;
      expect(draft07).toEqual(expected);
      expect(JSON.stringify(draft07)).not.toContain('$defs');
      expect(JSON.stringify(draft07)).toContain('"items":{"$ref":"#/definitions/TreeNode"}');
      expect(jsonSchema.input({ target: 'draft-2020-12' })).toEqual(modern);
    });

    it.each(['openapi-3.0', 'draft-04', ''])(
      'throws a ConfigurationError for target %p',
      (target) => {
        const { jsonSchema } = toStandardSchema(Order)['~standard'];

        const call = () => jsonSchema.output({ target });

        expect(call).toThrow(ConfigurationError);
        expect(call).toThrow(
          `Order: JSON Schema target '${target}' is not supported; class-instructor produces 'draft-2020-12' and 'draft-07'.`,
        );
      },
    );
  });

  describe('bad arguments', () => {
    class Undecorated {
      name = 'x';
    }

    it.each([
      ['undefined', undefined],
      ['a number', 42],
      ['a plain object', {}],
      ['Date', Date],
      ['a class with no decorated property', Undecorated],
      ['an arrow function', () => ({})],
    ])('rejects %s at call time with a ConfigurationError', (_, model) => {
      expect(() => toStandardSchema(model as unknown as typeof Order)).toThrow(ConfigurationError);
    });

    it.each([
      [undefined, 'undefined'],
      [null, 'null'],
      [42, 'a number'],
      ['User', 'a string'],
      [{}, 'an object'],
      [[], 'an array'],
    ])('names what it got when the argument is %p', (model, described) => {
      expect(() => toStandardSchema(model as unknown as typeof Order)).toThrow(
        `toStandardSchema expects a response-model class, got ${described}.`,
      );
    });

    it('rejects a strict option that is not a boolean', () => {
      expect(() => toStandardSchema(Order, { strict: 'yes' as unknown as boolean })).toThrow(
        'toStandardSchema: options.strict must be a boolean, got a string.',
      );
    });
  });
});
