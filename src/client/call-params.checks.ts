import { ConfigurationError } from '../errors';
import { boundedJson } from '../internal';
import { Mode, type ModeStrategy } from '../modes';

// Checks of a call's params that need the client's mode or defaults; the rest is checked by
// chat-params.guard.ts (names) and request-options.ts (the second argument).

/** A param the mode builds from the response model, set by the caller too, is refused. */
export function checkNoOwnedParams(body: object, strategy: ModeStrategy): void {
  const given = strategy.ownedParams.find(
    (name) => (body as Record<string, unknown>)[name] !== undefined,
  );
  if (given === undefined) return;
  throw new ConfigurationError({
    message:
      `\`${given}\` is built by Mode.${modeName(strategy.mode)} from \`responseModel\`; leave it out ` +
      '(of the call and of `defaults`), or pass `responseModel: null` to send your own and get the raw completion.',
  });
}

/** One result is read from the first choice: more choices would be paid for and thrown away. */
export function checkSingleChoice(n: unknown, perCall: unknown, method: string): void {
  if (n === undefined || n === null || n === 1) return;
  const where = perCall === null ? '`defaults`' : `the params of ${method}()`;
  throw new ConfigurationError({
    message:
      `\`n: ${boundedJson(n, 40)}\` in ${where}: ${method}() validates one reply, the first choice, so other ` +
      'choices would be paid for and dropped. Leave `n` out, or pass `responseModel: null` for the raw completion.',
  });
}

function modeName(mode: Mode): string {
  return Object.entries(Mode).find(([, value]) => value === mode)?.[0] ?? mode;
}

export function checkMaxRetries(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new ConfigurationError({
      message: `maxRetries must be a whole number of re-asks, 0 or more; got ${String(value)}.`,
    });
  }
  return value;
}
