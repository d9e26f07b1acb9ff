import { ConfigurationError } from '../errors';
import type { AnyClass } from './class-constructor';
import type { CompilationFacts } from './compilation-facts.reader';
import type { PropertyFacts } from './property-metadata.reader';

// The ConfigurationErrors a response model can earn at schema build, before any paid request.
// Each names the class and property and says which decorator to add.

/** A field on a fresh instance with no decorator at all. */
export function undecoratedPropertyError(
  model: AnyClass,
  name: string,
  compilation: CompilationFacts,
): ConfigurationError {
  const hint = compilation.hasValidators
    ? ''
    : ' (No property of the class has class-validator metadata: is class-validator installed twice?)';
  return new ConfigurationError({
    message:
      `${model.name}.${name} has no decorator, so its JSON schema cannot be built. Every property ` +
      `of a response model needs a class-validator decorator (e.g. @IsString(), @IsInt(), ` +
      `@IsOptional(), @ValidateNested() with @Type(() => X)); add one or remove the field.${hint}` +
      unseenFieldsNote(model, compilation),
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
  compilation: CompilationFacts,
): ConfigurationError {
  return new ConfigurationError({
    message:
      `${model.name}.${name} has only ${decorators.join(' and ')}: \`@Description\`/\`@Type\` are ` +
      `not validators; add a class-validator decorator such as @IsString(), @ValidateNested() or ` +
      `@Allow(). Without one, validation (whitelist: true) strips the field from every reply.` +
      unseenFieldsNote(model, compilation),
  });
}

/** One undecorated field found where fields are not defined on instances hints at more, unseen. */
function unseenFieldsNote(model: AnyClass, compilation: CompilationFacts): string {
  if (compilation.fieldsOnInstances !== false) return '';
  return (
    `\nNote: decorated fields of ${model.name} are missing from a fresh instance (compiled for a ` +
    `target below ES2022 or with "useDefineForClassFields": false, or declared with \`declare\`), ` +
    `so an undecorated field without an initializer leaves no trace at runtime and cannot be ` +
    `reported: check the other fields of ${model.name} too.`
  );
}

/**
 * A property typed by nothing but `design:type`, which is missing: the build dropped decorator
 * metadata, `reflect-metadata` came too late or not at all, or (when other properties have it)
 * the property comes from code compiled differently. One summary line, then causes and fix.
 */
export function missingDesignTypeError(property: PropertyFacts): ConfigurationError {
  const message = [
    `Cannot tell the JSON type of ${property.model.name}.${property.name}: its validators fix ` +
      `no type and ${designTypeDiagnosis(property)}`,
    `Or give ${property.name} a validator that states its type: @IsString(), @IsNumber(), ` +
      `@IsInt(), @IsBoolean(), @IsEnum(E), @IsIn([...]), or @ValidateNested() with ` +
      `@Type(() => Class) for an object.`,
  ].join('\n');
  return new ConfigurationError({ message });
}

function designTypeDiagnosis({ model: { name: model }, compilation }: PropertyFacts): string {
  switch (compilation.designTypes) {
    case 'unreadable':
      return [
        `its design:type metadata cannot be read: the 'reflect-metadata' polyfill is not loaded.`,
        `Fix: make \`import 'reflect-metadata';\` the first line of the entry file, before any ` +
          `model class is loaded.`,
      ].join('\n');
    case 'absent':
      return [
        `its design:type metadata is missing (no property of ${model} has any).`,
        `Likely causes:`,
        `- "emitDecoratorMetadata" is not enabled in the tsconfig that compiled ${model};`,
        `- a transpiler that drops decorator metadata compiled it: esbuild, tsx, swc without ` +
          `jsc.transform.decoratorMetadata, Babel without babel-plugin-transform-typescript-metadata;`,
        `- 'reflect-metadata' was imported after ${model} was defined, so TypeScript's ` +
          `__metadata helper recorded nothing.`,
        `Fix: compile with tsc, ts-node or ts-jest with "experimentalDecorators": true and ` +
          `"emitDecoratorMetadata": true, and make \`import 'reflect-metadata';\` the first line ` +
          `of the entry file.`,
      ].join('\n');
    case 'present':
      return [
        `its design:type metadata is missing, though other properties of ${model} have it.`,
        `Likely cause: it is declared in a base class or module compiled without decorator ` +
          `metadata ("emitDecoratorMetadata" off, or built with esbuild, tsx, swc or Babel) or ` +
          `loaded before 'reflect-metadata', or its decorators were applied by hand.`,
        `Fix: compile that code with tsc and "emitDecoratorMetadata": true.`,
      ].join('\n');
  }
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

/** Validation groups that select none of a class's validators: nothing would be validated or asked for. */
export function noValidatorInGroupsError(
  model: AnyClass,
  view: { readonly groups?: readonly string[]; readonly strictGroups?: boolean },
): ConfigurationError {
  const groups = view.groups === undefined ? 'no groups' : `groups ${JSON.stringify(view.groups)}`;
  return new ConfigurationError({
    message:
      `validatorOptions with ${groups}${view.strictGroups === true ? ' and strictGroups' : ''} ` +
      `select none of ${model.name}'s validators, so its schema would be empty and whitelist would ` +
      `strip every field. class-validator runs only the validators listed in the groups (add ` +
      `\`always: true\` to run the ungrouped ones too).`,
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
