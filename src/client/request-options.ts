import type OpenAI from 'openai';
import { ConfigurationError } from '../errors';

/** The options argument of the SDK's `chat.completions.create`, whatever `openai` major is installed. */
type SdkRequestOptions = NonNullable<Parameters<OpenAI['chat']['completions']['create']>[1]>;

/**
 * The SDK's per-request options, taken by every method as its second argument and handed
 * unchanged to every attempt's SDK call (re-asks included).
 */
export type RequestOptions = Pick<
  SdkRequestOptions,
  'timeout' | 'headers' | 'idempotencyKey' | 'maxRetries' | 'signal' | 'query' | 'fetchOptions'
>;

const REQUEST_OPTION_NAMES: ReadonlySet<string> = new Set<keyof RequestOptions>([
  'timeout',
  'headers',
  'idempotencyKey',
  'maxRetries',
  'signal',
  'query',
  'fetchOptions',
]);

/**
 * Checks the second argument of a call and merges the call's `signal` param into it. The result
 * is what each attempt hands the SDK (a fresh copy each time: the SDK may write to it).
 */
export function prepareRequestOptions(
  client: OpenAI,
  requestOptions: unknown,
  paramSignal: unknown,
): RequestOptions | undefined {
  // The common call: nothing to check or merge.
  if (requestOptions === undefined && (paramSignal === undefined || paramSignal === null)) {
    return undefined;
  }
  if (requestOptions !== undefined && !isPlainObject(requestOptions)) {
    throw new ConfigurationError({
      message: `The second argument of a call is the SDK's request options ({ timeout, headers, ... }); got ${describe(requestOptions)}.`,
    });
  }
  const options: RequestOptions = { ...requestOptions };
  for (const name of Object.keys(options)) {
    if (!REQUEST_OPTION_NAMES.has(name)) {
      throw new ConfigurationError({
        message:
          `Unknown request option \`${name}\`; the second argument takes ${[...REQUEST_OPTION_NAMES].join(', ')}. ` +
          'Request params (responseModel, messages, temperature, ...) go in the first argument.',
      });
    }
  }
  const signal = combineSignals(checkSignal(paramSignal, 'signal'), checkSignal(options.signal));
  if (signal === undefined) delete options.signal;
  else options.signal = signal;
  if (options.idempotencyKey !== undefined) addIdempotencyHeader(client, options);
  return Object.keys(options).length === 0 ? undefined : options;
}

function checkSignal(value: unknown, where = 'requestOptions.signal'): AbortSignal | undefined {
  if (value === undefined || value === null) return undefined;
  if (!(value instanceof AbortSignal)) {
    throw new ConfigurationError({
      message: `\`${where}\` must be an AbortSignal (from an AbortController); got ${describe(value)}.`,
    });
  }
  return value;
}

/** A signal that aborts when either given one does, with the reason of the first to abort. */
function combineSignals(
  first: AbortSignal | undefined,
  second: AbortSignal | undefined,
): AbortSignal | undefined {
  if (first === undefined || second === undefined || first === second) return first ?? second;
  return AbortSignal.any([first, second]);
}

/**
 * openai-node accepts `idempotencyKey` but sends it only for clients that name an idempotency
 * header, and `OpenAI` names none: without this the key would be dropped silently. A header the
 * caller set by hand wins; a client that does send the key keeps doing it alone.
 */
function addIdempotencyHeader(client: OpenAI, options: RequestOptions): void {
  const key = options.idempotencyKey;
  if (typeof key !== 'string' || key === '') {
    throw new ConfigurationError({
      message: `\`idempotencyKey\` must be a non-empty string; got ${describe(key)}.`,
    });
  }
  if ((client as unknown as { idempotencyHeader?: unknown }).idempotencyHeader) return;
  const headers = options.headers;
  if (headers === undefined || headers === null) {
    options.headers = { [IDEMPOTENCY_HEADER]: key };
  } else if (headers instanceof Headers) {
    if (headers.has(IDEMPOTENCY_HEADER)) return;
    const copy = new Headers(headers);
    copy.set(IDEMPOTENCY_HEADER, key);
    options.headers = copy;
  } else if (Array.isArray(headers)) {
    const tuples = headers as readonly (readonly unknown[])[];
    if (tuples.some(([name]) => isIdempotencyHeader(name))) return;
    options.headers = [
      ...tuples,
      [IDEMPOTENCY_HEADER, key],
    ] as unknown as RequestOptions['headers'];
  } else if (isPlainObject(headers)) {
    if (Object.keys(headers).some(isIdempotencyHeader)) return;
    options.headers = { ...headers, [IDEMPOTENCY_HEADER]: key };
  } else {
    // Anything else would be read by the SDK with Object.entries, silently losing the key.
    throw new ConfigurationError({
      message: `\`headers\` next to \`idempotencyKey\` must be a plain object, a Headers instance or [name, value] pairs; got ${describe(headers)}.`,
    });
  }
}

const IDEMPOTENCY_HEADER = 'Idempotency-Key';

function isIdempotencyHeader(name: unknown): boolean {
  return typeof name === 'string' && name.toLowerCase() === 'idempotency-key';
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') {
    return `an instance of ${(value.constructor as { name?: string } | undefined)?.name ?? 'Object'}`;
  }
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'symbol') return value.toString();
  return `${value as number | bigint | boolean | undefined}`;
}
