import 'reflect-metadata';
import Ajv2020, { type ErrorObject } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import {
  isNumber,
  Matches,
  MaxLength,
  type ValidationError as ClassValidatorError,
} from 'class-validator';
import fc from 'fast-check';
import { ValidationError } from '../../src/errors';
import { buildClassSchema } from '../../src/schema';
import { toValidatedInstance } from '../../src/validation';
import { CATALOGUE, type CatalogueEntry } from './catalogue';
import { PrimitiveArraysModel } from './catalogue/arrays.catalogue';
import { DecimalPlacesModel } from './catalogue/scalars.catalogue';
import { DateStringModel } from './catalogue/strings.catalogue';
import { NestedModel } from './catalogue/structure.catalogue';
import { nearModel, type Json } from './catalogue/near-schema.arbitrary';

// The schema a model sends and the validation its reply goes through must agree: a reply that
// follows the schema validates, and one class-validator accepts follows the schema. For every
// catalogue model, ajv (draft 2020-12, strict, ajv-formats) and class-validator judge the same
// random JSON values; each disagreement must be one the catalogue lists as validation only.

const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats(ajv);

const RUNS_PER_MODEL = 200;
const SEED = 20_261_202;

/** One reason a judge gave for rejecting a value: what failed, and where (a JSON pointer). */
interface Failure {
  readonly reason: string;
  readonly pointer: string;
}

type Verdict =
  { readonly accepted: true } | { readonly accepted: false; readonly failures: Failure[] };

function schemaVerdict(validate: ReturnType<typeof ajv.compile>, value: Json): Verdict {
  if (validate(value)) return { accepted: true };
  const failures = (validate.errors ?? []).filter(isDecisive).map((error) => ({
    reason:
      error.keyword === 'required'
        ? `required:${String((error.params as { missingProperty: string }).missingProperty)}`
        : error.keyword,
    pointer: error.instancePath,
  }));
  return { accepted: false, failures };
}

/**
 * Errors that say why the value failed: not the `anyOf` summary nor its `null` branch (an
 * optional property's), and not a key the class does not declare — the schema closes every
 * object, and validation (whitelist: true) drops such keys on purpose.
 */
function isDecisive(error: ErrorObject): boolean {
  if (error.keyword === 'anyOf' || error.keyword === 'additionalProperties') return false;
  return !(error.keyword === 'type' && (error.params as { type?: string }).type === 'null');
}

async function validationVerdict(entry: CatalogueEntry, value: Json): Promise<Verdict> {
  try {
    await toValidatedInstance(entry.model, value, { rawText: '' });
    return { accepted: true };
  } catch (error) {
    if (ValidationError.isInstance(error)) {
      return { accepted: false, failures: flatten(error.errors, '') };
    }
    // class-validator itself threw (isNumber with maxDecimalPlaces on 1e-7): a rejection.
    const name = error instanceof Error ? error.constructor.name : typeof error;
    return { accepted: false, failures: [{ reason: `(threw ${name})`, pointer: '' }] };
  }
}

function flatten(errors: readonly ClassValidatorError[], parent: string): Failure[] {
  return errors.flatMap((error) => {
    const pointer = `${parent}/${error.property}`;
    const own = Object.keys(error.constraints ?? {}).map((reason) => ({ reason, pointer }));
    return [...own, ...flatten(error.children ?? [], pointer)];
  });
}

/** The entry listing `failure`: `reason` or `reason@/pointer`, `*` one segment, `**` any. */
function listingEntry(failure: Failure, validationOnly: readonly string[]): string | undefined {
  return validationOnly.find((entry) => {
    const [reason, pointer] = entry.split('@') as [string, string | undefined];
    return (
      reason === failure.reason &&
      (pointer === undefined || pointerMatches(pointer, failure.pointer))
    );
  });
}

function pointerMatches(pattern: string, pointer: string): boolean {
  const source = pattern
    .split('/')
    .slice(1)
    .map((segment) =>
      segment === '**' ? '(?:/[^/]+)*' : segment === '*' ? '/[^/]+' : `/${segment}`,
    )
    .join('');
  return new RegExp(`^${source}$`).test(pointer);
}

/**
 * Why the two judges disagree on `value`, unless they agree or the difference is listed; the
 * listing entries a difference used are added to `used`.
 */
function disagreement(
  entry: CatalogueEntry,
  schema: Verdict,
  validation: Verdict,
  used: Set<string>,
): string | undefined {
  if (schema.accepted === validation.accepted) return undefined;
  const rejected = schema.accepted ? validation : schema;
  if (rejected.accepted) return undefined;
  const listings = rejected.failures.map((failure) => ({
    failure,
    listing: listingEntry(failure, entry.validationOnly ?? []),
  }));
  const unlisted = listings.filter(({ listing }) => listing === undefined);
  // Every failure was an extra key (whitelist: true drops it) or is listed as validation only.
  if (unlisted.length === 0) {
    listings.forEach(({ listing }) => used.add(listing!));
    return undefined;
  }
  const judges = schema.accepted
    ? 'the schema accepts it, class-validator rejects it'
    : 'class-validator accepts it, the schema rejects it';
  const reasons = unlisted.map(({ failure }) => `${failure.reason} at ${failure.pointer || '/'}`);
  return `${judges}: ${reasons.join(', ')}`;
}

describe('schemas and class-validator agree on random JSON near each catalogue model', () => {
  it.each(CATALOGUE.map((entry) => [entry.name, entry] as const))(
    '%s: ajv and class-validator accept the same values',
    async (_name, entry) => {
      const schema = buildClassSchema(entry.model, { strict: false });
      // Compiling in strict mode also proves the schema uses only known keywords, correctly.
      const validate = ajv.compile(schema);
      const values = nearModel(schema).filter(
        (value): value is { [key: string]: Json } =>
          typeof value === 'object' && value !== null && !Array.isArray(value),
      );

      const used = new Set<string>();
      await fc.assert(
        fc.asyncProperty(values, async (generated) => {
          // What the model would send: JSON text, parsed.
          const value = JSON.parse(JSON.stringify(generated)) as Json;
          const problem = disagreement(
            entry,
            schemaVerdict(validate, value),
            await validationVerdict(entry, value),
            used,
          );
          if (problem !== undefined) throw new Error(`${JSON.stringify(value)}: ${problem}`);
        }),
        { numRuns: RUNS_PER_MODEL, seed: SEED },
      );

      // Each listed difference really occurs: the list documents gaps, it does not hide typos.
      expect((entry.validationOnly ?? []).filter((listed) => !used.has(listed))).toEqual([]);
    },
  );
});

describe('known differences between the schemas and class-validator, pinned', () => {
  const accepts = async (model: CatalogueEntry['model'], value: Json): Promise<boolean> =>
    (await validationVerdict({ name: model.name, model }, value)).accepted;

  it('class-validator throws a TypeError for 1e-7 under maxDecimalPlaces, and miscounts 1.5e-7', async () => {
    // isNumber splits String(value) at '.': "1e-7" has none, "1.5e-7" has "5e-7" (4 places).
    expect(() => isNumber(1e-7, { maxDecimalPlaces: 2 })).toThrow(TypeError);
    expect(isNumber(1.5e-7, { maxDecimalPlaces: 4 })).toBe(true);
    await expect(
      toValidatedInstance(DecimalPlacesModel, { price: 1e-7, whole: 1 }, { rawText: '' }),
    ).rejects.toThrow(TypeError);
  });

  it('leaves maxDecimalPlaces to validation: multipleOf 0.01 would refuse 0.07', () => {
    expect(ajv.validate({ type: 'number', multipleOf: 0.01 }, 0.07)).toBe(false);
    expect(isNumber(0.07, { maxDecimalPlaces: 2 })).toBe(true);
  });

  it('counts a variation selector in a length, where validator.js does not', async () => {
    class Emoji {
      @MaxLength(1) symbol!: string;
    }
    const value = { symbol: '\u2764\uFE0F' }; // ❤️: two code points, one for validator.js

    expect(ajv.validate(buildClassSchema(Emoji, { strict: false }), value)).toBe(false);
    expect(await accepts(Emoji, value)).toBe(true);
  });

  it('date-time takes a lowercase t and a leap second, which @IsDateString() refuses', async () => {
    const schema = buildClassSchema(DateStringModel, { strict: false });
    for (const createdAt of ['2024-02-29t12:30:00Z', '2016-12-31T23:59:60Z']) {
      expect(ajv.validate(schema, { createdAt })).toBe(true);
      expect(await accepts(DateStringModel, { createdAt })).toBe(false);
    }
  });

  it('@Matches with the sticky flag answers differently for the same value: no pattern can', async () => {
    class Sticky {
      @Matches(/^a/y) code!: string;
    }

    const answers = [];
    for (let attempt = 0; attempt < 3; attempt += 1)
      answers.push(await accepts(Sticky, { code: 'ab' }));
    expect(answers).toEqual([true, false, true]);
    expect(buildClassSchema(Sticky, { strict: false }).properties.code).toEqual({
      type: 'string',
      description: '(must match /^a/y)',
    });
  });

  it('@ValidateNested() takes an array where one nested object belongs (its elements validate)', async () => {
    const value = { home: [{ city: 'Lyon' }], work: { city: 'Paris' } };

    expect(ajv.validate(buildClassSchema(NestedModel, { strict: false }), value)).toBe(false);
    expect(await accepts(NestedModel, value)).toBe(true);
  });

  it('{ each: true } validators take a lone value where the array belongs, unless @IsArray() is there', async () => {
    const schema = buildClassSchema(PrimitiveArraysModel, { strict: false });

    expect(ajv.validate(schema, { tags: [], ratings: 3 })).toBe(false);
    expect(await accepts(PrimitiveArraysModel, { tags: [], ratings: 3 })).toBe(true);
    expect(await accepts(PrimitiveArraysModel, { tags: 'a', ratings: [3] })).toBe(false);
  });
});
