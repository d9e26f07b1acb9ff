import { Instructor } from '../client';
import type { ClientToken } from './container.types';

/**
 * Token of the `OpenAI` SDK instance the client registered under `Instructor` uses. Register a
 * value under it in a child container (`child.register(OPENAI_CLIENT, { useValue: fake })`) and
 * clients resolved from that child use it; the parent's client is untouched.
 */
export const OPENAI_CLIENT: unique symbol = Symbol.for('class-instructor:OPENAI_CLIENT');

/**
 * Token of the `OpenAI` instance used by the client registered under `token`: each registration
 * has its own, overridable on its own. `openAIClientToken(Instructor) === OPENAI_CLIENT`.
 */
export function openAIClientToken(token: ClientToken = Instructor): symbol {
  return openAIClientTokens.for(token);
}

/**
 * Token of the checked options behind the client registered under `token`. Its presence in a
 * container marks `token` as registered there by `registerInstructor`.
 */
export function registrationToken(token: ClientToken): symbol {
  return registrationTokens.for(token);
}

/** `token` as people write it: a class by its name, a string quoted, a symbol as printed. */
export function describeToken(token: unknown): string {
  if (typeof token === 'function') return token.name || 'an anonymous class';
  if (typeof token === 'string') return JSON.stringify(token);
  if (typeof token === 'symbol') return token.toString();
  return String(token);
}

/**
 * One symbol per client token and kind: the same one every time, so a child container's
 * registration shadows its parent's, and a distinct one for every other client token.
 */
class DerivedTokens {
  readonly #tokens = new Map<ClientToken, symbol>();

  constructor(
    private readonly kind: string,
    seed: readonly (readonly [ClientToken, symbol])[] = [],
  ) {
    for (const [token, derived] of seed) this.#tokens.set(token, derived);
  }

  for(token: ClientToken): symbol {
    let derived = this.#tokens.get(token);
    if (derived === undefined) {
      derived = Symbol(`class-instructor:${this.kind}(${describeToken(token)})`);
      this.#tokens.set(token, derived);
    }
    return derived;
  }
}

const openAIClientTokens = new DerivedTokens('OPENAI_CLIENT', [[Instructor, OPENAI_CLIENT]]);
const registrationTokens = new DerivedTokens('registration');
