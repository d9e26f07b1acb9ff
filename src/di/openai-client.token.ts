import { Instructor } from '../client';
import type { ClientToken } from './container.types';
import { DerivedTokens } from './derived-tokens';

/**
 * Token of the `OpenAI` SDK instance the client registered under `Instructor` uses. Register a
 * value under it in a child container (`child.register(OPENAI_CLIENT, { useValue: fake })`) and
 * clients resolved from that child use it; the parent's client is untouched.
 */
export const OPENAI_CLIENT: unique symbol = Symbol.for('class-instructor:OPENAI_CLIENT');

const openAIClientTokens = new DerivedTokens('OPENAI_CLIENT', [[Instructor, OPENAI_CLIENT]]);

/**
 * Token of the `OpenAI` instance used by the client registered under `token`: each registration
 * has its own, overridable on its own. `openAIClientToken(Instructor) === OPENAI_CLIENT`.
 */
export function openAIClientToken(token: ClientToken = Instructor): symbol {
  return openAIClientTokens.for(token);
}
