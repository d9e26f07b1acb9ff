import { ConfigurationError } from '../errors';

/**
 * Names that are options of ours or of the SDK, never chat-completions params: each with where it
 * belongs, so a key that reached the params through a spread is caught before it goes on the wire.
 */
const MISPLACED: ReadonlyMap<string, string> = new Map(
  Object.entries({
    timeout: 'a request option: create(params, { timeout })',
    headers: 'a request option: create(params, { headers })',
    idempotencyKey: 'a request option: create(params, { idempotencyKey })',
    query: 'a request option: create(params, { query })',
    fetchOptions: 'a request option: create(params, { fetchOptions })',
    httpRetries:
      "a client option: fromProvider(model, { httpRetries }), or the SDK's create(params, { maxRetries })",
    mode: 'a client option: fromProvider(model, { mode })',
    defaults: 'a client option: fromProvider(model, { defaults })',
    apiKey: 'a client option: fromProvider(model, { apiKey })',
    baseURL: 'a client option: fromProvider(model, { baseURL })',
    client: 'a client option: fromProvider(model, { client })',
    defaultHeaders: 'a client option: fromProvider(model, { defaultHeaders })',
    defaultQuery: 'a client option: fromProvider(model, { defaultQuery })',
    fetch: 'a client option: fromProvider(model, { fetch })',
    organization: 'a client option: fromProvider(model, { organization })',
    project: 'a client option: fromProvider(model, { project })',
    validatorOptions: 'a per-call option of create(), or the client option `validatorOptions`',
    responseModel: 'a per-call option of create()',
    context: 'a per-call option of create() (never sent to the provider)',
    hooks: 'a per-call option of create(), or the client option `hooks`',
    signal: 'a per-call option of create(), or a request option',
    reask: 'a per-call option of create(), or the client option `reask`',
    maxTotalTokens: 'a per-call option of create(), or the client option `maxTotalTokens`',
    maxRetries: 'a per-call option of create(), or the client option `maxRetries`',
    streamUsage: 'a client option: fromProvider(model, { streamUsage })',
  }),
);

/**
 * The rule for what goes on the wire: class-instructor's own options are taken out by name before
 * this runs; what is left must be chat-completions params. Those are snake_case, so a key with an
 * upper-case letter (`maxTokens`, `responseFormat`) or one of the names above is a mistake and a
 * `ConfigurationError`. Any other key passes unchanged: providers add params of their own (`top_k`,
 * `repetition_penalty`, `reasoning_effort`, ...) and the SDK sends what it is given.
 */
export function checkChatParams(params: object, where: string): void {
  for (const name of Object.keys(params)) {
    if ((params as Record<string, unknown>)[name] === undefined) continue;
    if (name === '__proto__') {
      // An own `__proto__` key (JSON.parse makes them) would reach the request's prototype.
      throw new ConfigurationError({
        message: `\`__proto__\` in ${where} is not a chat-completions param; leave it out.`,
      });
    }
    const home = MISPLACED.get(name);
    if (home !== undefined) {
      throw new ConfigurationError({
        message: `\`${name}\` in ${where} is ${home}. It is not a chat-completions param and is never sent to the provider.`,
      });
    }
    if (/[A-Z]/.test(name)) {
      throw new ConfigurationError({
        message:
          `\`${name}\` in ${where} is not a chat-completions param: those are snake_case` +
          ` (did you mean \`${snakeCase(name)}\`?). Provider-specific params pass through as written.`,
      });
    }
  }
}

function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}
