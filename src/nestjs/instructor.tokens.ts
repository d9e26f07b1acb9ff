import { Instructor } from '../client';
import { OPENAI_CLIENT } from '../di';

/**
 * Token of the client `InstructorModule.forRoot({ name })` registers: the `Instructor` class for
 * the default client (so a constructor parameter typed `Instructor` receives it), a string for a
 * named one. `@InjectInstructor(name)` injects it; `overrideProvider(token)` replaces it.
 */
export function getInstructorToken(name?: string): typeof Instructor | string {
  return name === undefined ? Instructor : `class-instructor:Instructor(${name})`;
}

/**
 * Token of the `OpenAI` SDK instance the client of that name uses: `OPENAI_CLIENT` for the
 * default client (the token tsyringe users override too), a string for a named one. In a test,
 * `overrideProvider(getOpenAIClientToken()).useValue(server.client())` sends the client's
 * requests to a testing server.
 */
export function getOpenAIClientToken(name?: string): symbol | string {
  return name === undefined ? OPENAI_CLIENT : `class-instructor:OPENAI_CLIENT(${name})`;
}
