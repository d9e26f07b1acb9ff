import 'reflect-metadata';
import {
  Allow,
  IsDefined,
  IsInt,
  IsOptional,
  IsString,
  Max,
  Min,
  Validate,
  ValidateIf,
  ValidateNested,
  ValidatePromise,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';
import {
  ALL_VALIDATORS,
  readValidationRules,
  validationViewKey,
  type ValidationRule,
} from '../../src/internal';

@ValidatorConstraint({ name: 'slowCheck', async: true })
class SlowCheck implements ValidatorConstraintInterface {
  validate(): Promise<boolean> {
    return Promise.resolve(true);
  }
}

class Base {
  @IsInt() @Min(0) @Max(10) level!: number;
  @IsString() name!: string;
}

class Derived extends Base {
  // Overrides the parent's constraints on `level`: class-validator drops the parent's of a kind.
  @IsInt() @Min(5) declare level: number;
  @IsOptional() @IsString({ groups: ['admin'] }) note?: string;
}

class Kinds {
  @ValidateNested() nested!: object;
  @ValidateIf(() => true) @IsString() conditional!: string;
  @IsDefined() defined!: unknown;
  @Allow() allowed!: unknown;
  @ValidatePromise() @IsString() later!: Promise<string>;
  @Validate(SlowCheck) @IsString({ each: true }) tags!: string[];
}

const summary = (rules: readonly ValidationRule[]) =>
  rules.map((rule) => `${rule.declaredOn.name}.${rule.property}:${rule.kind}:${rule.name ?? ''}`);

describe('class-validator metadata reader', () => {
  // Decorators on one property apply right to left, so its rules come in reverse written order.
  it('lists base-class rules first, each class in declaration order, with overrides applied', () => {
    expect(summary(readValidationRules(Derived, ALL_VALIDATORS))).toEqual([
      'Base.name:validator:isString',
      'Derived.level:validator:min',
      'Derived.level:validator:isInt',
      'Derived.note:validator:isString',
      'Derived.note:optional:',
    ]);
  });

  it('keeps the parent class untouched by its subclass', () => {
    expect(summary(readValidationRules(Base, ALL_VALIDATORS))).toEqual([
      'Base.level:validator:max',
      'Base.level:validator:min',
      'Base.level:validator:isInt',
      'Base.name:validator:isString',
    ]);
  });

  it('tells every kind of rule apart, with constraints, each and async', () => {
    const rules = readValidationRules(Kinds, ALL_VALIDATORS);
    expect(rules.map((rule) => [rule.property, rule.kind, rule.each, rule.async])).toEqual(
      expect.arrayContaining([
        ['nested', 'nested', false, false],
        ['conditional', 'conditional', false, false],
        ['conditional', 'validator', false, false],
        ['defined', 'defined', false, false],
        ['allowed', 'allow', false, false],
        ['later', 'promise', false, false],
        ['tags', 'validator', false, true],
        ['tags', 'validator', true, false],
      ]),
    );
    expect(rules).toHaveLength(9);
    const min = readValidationRules(Base, ALL_VALIDATORS).find((rule) => rule.name === 'min');
    expect(min?.constraints).toEqual([0]);
  });

  it('selects rules by group the way class-validator runs them', () => {
    const admin = readValidationRules(Derived, { groups: ['admin'] });
    const adminAlways = readValidationRules(Derived, { groups: ['admin'], always: true });
    const strictNone = readValidationRules(Derived, { strictGroups: true });

    // With groups, ungrouped rules do not run (unless `always`).
    expect(summary(admin)).toEqual(['Derived.note:validator:isString']);
    expect(summary(adminAlways)).toHaveLength(5);
    // strictGroups without groups: grouped rules do not run.
    expect(summary(strictNone)).not.toContain('Derived.note:validator:isString');
    expect(summary(strictNone)).toHaveLength(4);
  });

  it('caches per class and view key, and freezes what it returns', () => {
    const first = readValidationRules(Derived, { groups: ['b', 'a'] });
    expect(readValidationRules(Derived, { groups: ['a', 'b'] })).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first[0])).toBe(true);
    expect(validationViewKey({ groups: ['b', 'a', 'a'] })).toBe(
      validationViewKey({ groups: ['a', 'b'] }),
    );
    expect(validationViewKey({})).not.toBe(validationViewKey({ always: true }));
    expect(validationViewKey({})).not.toBe(validationViewKey({ strictGroups: true }));
    expect(validationViewKey({})).not.toBe(validationViewKey({ groups: [] }).replace('|', 'x|'));
  });

  it('never gives two different group sets one key (an empty group name, a separator in one)', () => {
    // class-validator matches no group named '': `groups: ['']` selects nothing, not everything.
    expect(validationViewKey({ groups: [''] })).not.toBe(validationViewKey({}));
    expect(validationViewKey({ groups: ['x\u0001y'] })).not.toBe(
      validationViewKey({ groups: ['x', 'y'] }),
    );
    expect(validationViewKey({ groups: ['a|b'] })).not.toBe(
      validationViewKey({ groups: ['a', 'b'] }),
    );
  });
});
