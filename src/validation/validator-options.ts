import type { ValidatorOptions } from 'class-validator';
import { ConfigurationError } from '../errors';
import { validationViewKey, type ValidationView } from '../internal';

/** Our safe defaults; `validatorOptions` (the client's, then the call's) are merged over them. */
export const DEFAULT_VALIDATOR_OPTIONS: Readonly<ValidatorOptions> = Object.freeze({
  // Keys the model invented are dropped rather than failing the reply, like pydantic's default.
  whitelist: true,
  forbidNonWhitelisted: false,
  forbidUnknownValues: true,
  skipMissingProperties: false,
  // No instance in errors (hook payloads and logs stay small); the offending value, for re-asks.
  validationError: Object.freeze({ target: false, value: true }),
});

/** Merged class-validator options with a key: equal options share one target and its schemas. */
export interface ValidatorSettings {
  readonly options: Readonly<ValidatorOptions>;
  readonly key: string;
}

export const DEFAULT_VALIDATOR_SETTINGS: ValidatorSettings = Object.freeze({
  options: DEFAULT_VALIDATOR_OPTIONS,
  key: keyOf(DEFAULT_VALIDATOR_OPTIONS),
});

// class-validator 0.14's options and the type of each; anything else is a typo caught here.
const BOOLEAN_OPTIONS = [
  'enableDebugMessages',
  'skipUndefinedProperties',
  'skipNullProperties',
  'skipMissingProperties',
  'whitelist',
  'forbidNonWhitelisted',
  'dismissDefaultMessages',
  'always',
  'strictGroups',
  'forbidUnknownValues',
  'stopAtFirstError',
] as const;

/**
 * `override` (a user's `validatorOptions`, client or call) checked and merged over `base`.
 *
 * @throws ConfigurationError for anything that is not a class-validator option of the right type.
 */
export function mergeValidatorOptions(
  base: ValidatorSettings,
  override: unknown,
  where: string,
): ValidatorSettings {
  if (override === undefined) return base;
  checkValidatorOptions(override, where);
  const options = Object.freeze({ ...base.options, ...(override as ValidatorOptions) });
  return Object.freeze({ options, key: keyOf(options) });
}

function checkValidatorOptions(value: unknown, where: string): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid(where, 'must be an object of class-validator options');
  }
  for (const [name, option] of Object.entries(value)) {
    if (option === undefined) continue;
    if ((BOOLEAN_OPTIONS as readonly string[]).includes(name)) {
      if (typeof option !== 'boolean') throw invalid(where, `\`${name}\` must be a boolean`);
    } else if (name === 'groups') {
      if (!Array.isArray(option) || !option.every((group) => typeof group === 'string')) {
        throw invalid(where, '`groups` must be an array of strings');
      }
    } else if (name === 'validationError') {
      const valid =
        typeof option === 'object' &&
        option !== null &&
        Object.entries(option as object).every(
          ([key, flag]) => ['target', 'value'].includes(key) && typeof flag === 'boolean',
        );
      if (!valid) {
        throw invalid(where, '`validationError` must be { target?: boolean, value?: boolean }');
      }
    } else {
      throw invalid(
        where,
        `has an unknown option \`${name}\` (known: ${[...BOOLEAN_OPTIONS, 'groups', 'validationError'].join(', ')})`,
      );
    }
  }
}

function invalid(where: string, problem: string): ConfigurationError {
  return new ConfigurationError({ message: `\`validatorOptions\` in ${where} ${problem}.` });
}

function keyOf(options: ValidatorOptions): string {
  const entries = Object.entries(options)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]): [string, unknown] => [
      name,
      name === 'groups' ? [...new Set(value as string[])].sort() : value,
    ])
    .sort(([left], [right]) => (left < right ? -1 : 1));
  return JSON.stringify(entries);
}

/** The validators a set of options selects, with its cache key (see {@link validationViewOf}). */
export interface KeyedValidationView extends ValidationView {
  readonly key: string;
}

// Validator options are frozen per client and call (see mergeValidatorOptions): one view each,
// so the facts keyed by it cost no key string per call.
const views = new WeakMap<ValidatorOptions, KeyedValidationView>();

/** The `groups` / `strictGroups` / `always` view of `options`, made once per options object. */
export function validationViewOf(options: ValidatorOptions): KeyedValidationView {
  let view = views.get(options);
  if (view === undefined) {
    const { groups, strictGroups, always } = options;
    view = Object.freeze({ groups, strictGroups, always, key: validationViewKey(options) });
    views.set(options, view);
  }
  return view;
}
