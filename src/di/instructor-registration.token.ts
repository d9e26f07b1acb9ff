import type { ClientToken } from './container.types';
import { DerivedTokens } from './derived-tokens';

const registrationTokens = new DerivedTokens('registration');

/**
 * Token of the `InstructorRegistration` (the checked options) behind the client registered under
 * `token`. Its presence in a container marks `token` as registered there by `registerInstructor`.
 */
export function instructorRegistrationToken(token: ClientToken): symbol {
  return registrationTokens.for(token);
}
