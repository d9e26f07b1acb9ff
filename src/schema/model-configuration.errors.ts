import { ConfigurationError } from '../errors';
import type { AnyClass } from './class-constructor';
import type { PropertyFacts } from './property-metadata.reader';

// The ConfigurationErrors a response model can earn at schema build, before any paid request.
// Each names the class and property and says which decorator to add.

/** A field on a fresh instance with no decorator at all. */
export function undecoratedPropertyError(
  model: AnyClass,
  name: string,
  classHasValidators: boolean,
): ConfigurationError {
  const hint = classHasValidators
    ? ''
    : ' (No property of the class has class-validator metadata: is class-validator installed twice?)';
  return new ConfigurationError({
    message:
      `${model.name}.${name} has no decorator, so its JSON schema cannot be built. Every property ` +
      `of a response model needs a class-validator decorator (e.g. @IsString(), @IsInt(), ` +
      `@IsOptional(), @ValidateNested() with @Type(() => X)); add one or remove the field.${hint}`,
  });
}

/**
 * A property with `@Description` and/or `@Type` but no class-validator metadata: validation runs
 * with `whitelist: true`, which would delete it from every reply.
 */
export function notAValidatorError(
  model: AnyClass,
  name: string,
  decorators: readonly string[],
): ConfigurationError {
  return new ConfigurationError({
    message:
      `${model.name}.${name} has only ${decorators.join(' and ')}: \`@Description\`/\`@Type\` are ` +
      `not validators; add a class-validator decorator such as @IsString(), @ValidateNested() or ` +
      `@Allow(). Without one, validation (whitelist: true) strips the field from every reply.`,
  });
}

/**
 * `@ValidateNested()` without class-transformer's `@Type`: the reply stays a plain object, which
 * class-validator rejects ("an unknown value was passed"), so every attempt would fail.
 */
export function nestedWithoutTypeError(property: PropertyFacts): ConfigurationError {
  const where = `${property.model.name}.${property.name}`;
  const isArray = property.nested?.each === true || property.designType === Array;
  if (isArray) {
    const decorator =
      property.nested?.each === true ? '@ValidateNested({ each: true })' : '@ValidateNested()';
    return new ConfigurationError({
      message:
        `${where}: ${decorator} needs @Type(() => ElementClass) so class-transformer builds ` +
        `instances of the element class; without it each element stays a plain object and ` +
        `every reply fails validation.`,
    });
  }
  const nested =
    typeof property.designType === 'function' && property.designType !== Object
      ? property.designType.name
      : 'NestedClass';
  return new ConfigurationError({
    message:
      `${where}: @ValidateNested() needs @Type(() => ${nested}) so class-transformer builds a ` +
      `${nested} instance; without it the value stays a plain object and every reply fails ` +
      `validation.`,
  });
}

/** A class (root or nested) with no property the schema could describe. */
export function emptyModelError(model: AnyClass): ConfigurationError {
  return new ConfigurationError({
    message:
      `${model.name || 'The response model'} has no class-validator decorated properties (is ` +
      `class-validator installed twice?), so its schema would be empty and every reply would ` +
      `fail. Decorate its properties (e.g. @IsString()), or check that \`npm ls class-validator\` ` +
      `shows a single copy.`,
  });
}

/** A JavaScript built-in (`Date`, `Map`, `Array`, ...) given as a response model. */
export function builtInModelError(model: AnyClass): ConfigurationError {
  return new ConfigurationError({
    message:
      `${model.name} is a JavaScript built-in, not a response-model class: wrap the value in a ` +
      `class whose properties carry class-validator decorators (e.g. ` +
      `class Answer { @IsDateString() at!: string }, or @ValidateNested() with @Type(() => X) ` +
      `for an object).`,
  });
}
