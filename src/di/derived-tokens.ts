import type { ClientToken } from './container.types';

/**
 * Tokens of one kind of dependency, one per client token: the same symbol for the same client
 * token every time, a distinct one for every other client token.
 */
export class DerivedTokens {
  readonly #kind: string;
  readonly #tokens = new Map<ClientToken, symbol>();

  /** `seed` fixes the derived token of some client tokens (exported constants). */
  constructor(kind: string, seed: readonly (readonly [ClientToken, symbol])[] = []) {
    this.#kind = kind;
    for (const [token, derived] of seed) this.#tokens.set(token, derived);
  }

  /** The token of this kind for the client registered under `token`. */
  for(token: ClientToken): symbol {
    let derived = this.#tokens.get(token);
    if (derived === undefined) {
      derived = Symbol(`class-instructor:${this.#kind}(${describeToken(token)})`);
      this.#tokens.set(token, derived);
    }
    return derived;
  }
}

/** `token` as people write it: a class by its name, a string quoted, a symbol as printed. */
export function describeToken(token: unknown): string {
  if (typeof token === 'function') return token.name || 'an anonymous class';
  if (typeof token === 'string') return JSON.stringify(token);
  if (typeof token === 'symbol') return token.toString();
  return String(token);
}
