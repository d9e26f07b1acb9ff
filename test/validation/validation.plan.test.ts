import 'reflect-metadata';
import { inspect } from 'node:util';
import { Type } from 'class-transformer';
import {
  IsDefined,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Min,
  MinLength,
  Validate,
  ValidateIf,
  ValidateNested,
  ValidatorConstraint,
  validateSync,
  type ValidationArguments,
  type ValidationOptions,
  type ValidatorConstraintInterface,
  type ValidatorOptions,
} from 'class-validator';
import fc from 'fast-check';
import { buildClassSchema } from '../../src/schema';
import { DEFAULT_VALIDATOR_OPTIONS, toValidatedInstance } from '../../src/validation';
import { buildInstance } from '../../src/validation/instance.builder';
import { passesValidation } from '../../src/validation/validation.plan';
import { CATALOGUE } from '../schema/catalogue';
import { nearModel } from '../schema/catalogue/near-schema.arbitrary';

// The plan must say yes exactly when class-validator reports no error, leaving the instance as
// class-validator's whitelist would; when it says no, class-validator runs and reports.

const OPTION_SETS: readonly (readonly [string, ValidatorOptions])[] = [
  ['defaults', DEFAULT_VALIDATOR_OPTIONS],
  ['whitelist: false', { ...DEFAULT_VALIDATOR_OPTIONS, whitelist: false }],
  ['forbidNonWhitelisted', { ...DEFAULT_VALIDATOR_OPTIONS, forbidNonWhitelisted: true }],
  ['skipMissingProperties', { ...DEFAULT_VALIDATOR_OPTIONS, skipMissingProperties: true }],
  ['skipNullProperties', { ...DEFAULT_VALIDATOR_OPTIONS, skipNullProperties: true }],
  ['skipUndefinedProperties', { ...DEFAULT_VALIDATOR_OPTIONS, skipUndefinedProperties: true }],
];

type Judged = { threw: string } | { errors: unknown[]; instance: object };

function judge(validate: () => unknown[], instance: object): Judged {
  try {
    return { errors: validate(), instance };
  } catch (error) {
    return { threw: error instanceof Error ? error.constructor.name : String(error) };
  }
}

/**
 * On two instances built from the same JSON value: what the plan answers, what validating
 * through it gives (class-validator after a no), and class-validator alone.
 */
function bothWays(model: new () => object, value: unknown, options: ValidatorOptions) {
  const json = JSON.stringify(value);
  const ours = buildInstance(model, JSON.parse(json) as object);
  const theirs = buildInstance(model, JSON.parse(json) as object);
  let planSaid: boolean | undefined;
  const throughPlan = judge(() => {
    planSaid = passesValidation(ours, options);
    return planSaid ? [] : validateSync(ours, options);
  }, ours);
  const classValidator = judge(() => validateSync(theirs, options), theirs);
  return { planSaid, throughPlan, classValidator };
}

/**
 * The same errors and instance either way (compared as printed: an invalid Date equals no Date
 * for toEqual), and the plan said yes exactly when there were none, or never for a declined class.
 */
function expectAgreement(
  model: new () => object,
  value: unknown,
  options: ValidatorOptions,
  declined = false,
) {
  const { planSaid, throughPlan, classValidator } = bothWays(model, value, options);
  expect(inspect(throughPlan, { depth: null })).toBe(inspect(classValidator, { depth: null }));
  if (declined) expect(planSaid).toBe(false);
  else if ('errors' in classValidator) expect(planSaid).toBe(classValidator.errors.length === 0);
  return planSaid === true;
}

// Left to class-validator whole: a global or sticky pattern answers by its lastIndex.
const DECLINED = new Set(['MatchesFlagsModel']);

describe('the validation plan agrees with class-validator on random JSON near each catalogue model', () => {
  it.each(CATALOGUE.map((entry) => [entry.name, entry] as const))('%s', (_name, entry) => {
    const model = entry.model;
    const values = nearModel(buildClassSchema(model, { strict: false })).filter(
      (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
    );
    let accepted = 0;
    for (const [, options] of OPTION_SETS) {
      fc.assert(
        fc.property(values, (value) => {
          if (expectAgreement(model, value, options, DECLINED.has(entry.name))) accepted += 1;
        }),
        { numRuns: 60, seed: 20_261_202 },
      );
    }
    // Not a vacuous agreement: the plan said yes to some values (valid ones are generated).
    if (!DECLINED.has(entry.name)) expect(accepted).toBeGreaterThan(0);
  });
});

@ValidatorConstraint({ name: 'countedLength' })
class CountedLength implements ValidatorConstraintInterface {
  static calls = 0;
  validate(value: unknown): boolean {
    CountedLength.calls += 1;
    return typeof value === 'string' && value.length > 1;
  }
}

@ValidatorConstraint({ name: 'promiseFromSync' })
class PromiseFromSync implements ValidatorConstraintInterface {
  validate(): boolean {
    return Promise.resolve(false) as unknown as boolean;
  }
}

class Tag {
  @IsString() @MinLength(2) label!: string;
}

class Everything {
  @Validate(CountedLength) code!: string;
  @IsOptional() @IsInt() @Min(0) count?: number;
  @ValidateIf((object: Everything) => object.code === 'xx') @IsDefined() needed?: string;
  @IsString({ each: true }) @MinLength(2, { each: true }) words!: string[];
  @ValidateNested({ each: true }) @Type(() => Tag) tags!: Tag[];
  @IsIn(['a', 'b'], { groups: ['strict'] }) @IsString({ always: true }) level!: string;
}

const valid = (): Record<string, unknown> => ({
  code: 'ok',
  words: ['ab', 'cd'],
  tags: [{ label: 'xy' }],
  level: 'a',
});

@ValidatorConstraint({ name: 'notListed' })
class NotListed implements ValidatorConstraintInterface {
  // Without constraints class-validator passes `undefined`: this throws there, and must here.
  validate(value: unknown, args: ValidationArguments): boolean {
    return !(args.constraints as unknown[]).includes(value);
  }
}

@ValidatorConstraint({ name: 'sortsItsConstraints' })
class SortsItsConstraints implements ValidatorConstraintInterface {
  // class-validator hands over the decorator's own array, which a validator may sort.
  validate(value: unknown, args: ValidationArguments): boolean {
    return (args.constraints as number[]).sort((a, b) => a - b)[0]! <= (value as number);
  }
}

@ValidatorConstraint({ name: 'globalPattern' })
class GlobalPattern implements ValidatorConstraintInterface {
  validate(value: unknown, args: ValidationArguments): boolean {
    return (args.constraints[0] as { pattern: RegExp }).pattern.test(String(value));
  }
}

class ProtoNamed {
  @IsString() name!: string;
}
// Applied by hand: TypeScript will not type a field named like an Object method as a string.
IsString()(ProtoNamed.prototype, 'valueOf');

/** Cases a hostile review found, each with a class of its own. */
function edgeCases(): readonly (readonly [string, new () => object, string])[] {
  class Unlisted {
    @Validate(NotListed) code!: string;
  }
  class Sorting {
    @Validate(SortsItsConstraints, [10, 1]) amount!: number;
  }
  class Child {
    @IsString() name!: string;
  }
  class Parent {
    @ValidateNested() @Type(() => Child) child!: Child;
    @IsInt() count!: number;
  }
  // class-validator checks the subclass's own rules first: `x` sees the child before stripping.
  class LooksIntoChild extends Parent {
    @ValidateIf((object: Parent) => 'legacy' in (object.child ?? {})) @IsString() x!: unknown;
  }
  // The same, checked only while the child has the key: a failure after the child was stripped
  // must leave class-validator the child as it came.
  class SkipsWhileChildHasIt extends Parent {
    @ValidateIf((object: Parent) => !('legacy' in (object.child ?? {}))) @IsString() x!: unknown;
  }
  class TruthyEach {
    @IsNotEmpty({ each: 1 as unknown as boolean }) words!: string[];
  }
  class FalseValidateIf {
    @IsString({ validateIf: false } as unknown as ValidationOptions) label!: string;
  }
  return [
    ['a validator reading constraints it was not given', Unlisted, '{"code":"a"}'],
    ['a validator sorting its constraints', Sorting, '{"amount":5}'],
    [
      'a condition on an inherited nested object, valid',
      LooksIntoChild,
      '{"child":{"name":"n","legacy":1},"x":5,"count":1}',
    ],
    [
      'a condition on an inherited nested object, invalid',
      LooksIntoChild,
      '{"child":{"name":"n","legacy":1},"x":5,"count":"x"}',
    ],
    [
      'a failure after a nested object was stripped',
      SkipsWhileChildHasIt,
      '{"child":{"name":"n","legacy":1},"x":5,"count":"x"}',
    ],
    ['a truthy `each` that is not `true`', TruthyEach, '{"words":["", "x"]}'],
    ['a `validateIf` option that is false', FalseValidateIf, '{"label":"ok"}'],
  ];
}

describe('the validation plan, case by case', () => {
  const cases: readonly (readonly [string, Record<string, unknown>])[] = [
    ['a valid value', valid()],
    ['an extra key (stripped)', { ...valid(), extra: 1 }],
    ['a key Object.prototype has', { ...valid(), hasOwnProperty: 1, valueOf: 2 }],
    ['a failed custom constraint', { ...valid(), code: 'x' }],
    ['an optional value that is null', { ...valid(), count: null }],
    ['an optional value out of range', { ...valid(), count: -1 }],
    ['a @ValidateIf that holds', { ...valid(), code: 'xx' }],
    ['an element failing `each`', { ...valid(), words: ['ab', 'c'] }],
    ['a nested element that is null', { ...valid(), tags: [null] }],
    ['a nested element failing', { ...valid(), tags: [{ label: 'x', extra: true }] }],
    ['a nested value that is not a list', { ...valid(), tags: { label: 'xy' } }],
    ['a value outside the group', { ...valid(), level: 'z' }],
    ['a missing property', { code: 'ok', words: [], tags: [] }],
  ];
  const optionSets: readonly ValidatorOptions[] = [
    ...OPTION_SETS.map(([, options]) => options),
    // After the defaults: a group named '' selects nothing (a view of its own, not the defaults').
    { ...DEFAULT_VALIDATOR_OPTIONS, groups: [''] },
    { ...DEFAULT_VALIDATOR_OPTIONS, groups: ['strict'] },
    { ...DEFAULT_VALIDATOR_OPTIONS, groups: ['other'], strictGroups: true },
    { ...DEFAULT_VALIDATOR_OPTIONS, always: true },
  ];

  it.each(cases)('%s: the same verdict and instance as class-validator', (_name, value) => {
    for (const options of optionSets) expectAgreement(Everything, value, options);
  });

  it.each(edgeCases())('%s', (_name, model, json) => {
    for (const options of optionSets) expectAgreement(model, JSON.parse(json), options);
  });

  it('runs a custom constraint once for a valid reply', async () => {
    CountedLength.calls = 0;
    await toValidatedInstance(Everything, valid(), { rawText: '' });
    expect(CountedLength.calls).toBe(1);
  });

  it('leaves to class-validator what it cannot tell: a promise from a sync constraint', () => {
    class Odd {
      @Validate(PromiseFromSync) value!: string;
    }
    const instance = buildInstance(Odd, { value: 'v' });
    expect(passesValidation(instance, DEFAULT_VALIDATOR_OPTIONS)).toBe(false);
    // validateSync does not wait for the promise: the value passes there, and so in create().
    expect(validateSync(instance, DEFAULT_VALIDATOR_OPTIONS)).toEqual([]);
  });

  it('leaves to class-validator a nested object that is not an instance of a validated class', () => {
    class Loose {
      @ValidateNested() inner!: object;
    }
    const instance = buildInstance(Loose, { inner: { any: 1 } });
    expect(passesValidation(instance, DEFAULT_VALIDATOR_OPTIONS)).toBe(false);
    expect(validateSync(instance, DEFAULT_VALIDATOR_OPTIONS)).toHaveLength(1);
  });

  it('leaves a class with a property named like an Object.prototype member to class-validator', () => {
    const instance = Object.assign(new ProtoNamed(), { valueOf: 'x', name: 'n' });
    expect(passesValidation(instance, DEFAULT_VALIDATOR_OPTIONS)).toBe(false);
    // class-validator's grouping finds Object.prototype.valueOf there, and throws.
    expect(() => validateSync(instance, DEFAULT_VALIDATOR_OPTIONS)).toThrow(TypeError);
  });

  it('leaves a class with a global pattern inside a constraint object to class-validator', () => {
    const pattern = /^a/g;
    class Patterned {
      @Validate(GlobalPattern, [{ pattern }]) code!: string;
    }
    const instance = buildInstance(Patterned, { code: 'ab' });
    expect(passesValidation(instance, DEFAULT_VALIDATOR_OPTIONS)).toBe(false);
    expect(pattern.lastIndex).toBe(0); // not run by the plan: class-validator runs it once
    expect(validateSync(instance, DEFAULT_VALIDATOR_OPTIONS)).toEqual([]);
  });

  it('keeps class-validator the only judge of a stateful (sticky) pattern', async () => {
    class Sticky {
      @Matches(/^a/y) code!: string;
    }
    expect(passesValidation(buildInstance(Sticky, { code: 'ab' }), DEFAULT_VALIDATOR_OPTIONS)).toBe(
      false,
    );
    const answers: boolean[] = [];
    for (let attempt = 0; attempt < 2; attempt += 1) {
      answers.push(
        await toValidatedInstance(Sticky, { code: 'ab' }, { rawText: '' }).then(
          () => true,
          () => false,
        ),
      );
    }
    expect(answers).toEqual([true, false]);
  });
});
