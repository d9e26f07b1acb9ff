import type { InjectionToken } from 'tsyringe';
import type { Instructor } from '../client';
import { DerivedTokens } from './derived-tokens';
import type { InstructorRegistration } from './instructor-registration';

const registrationTokens = new DerivedTokens('registration');

/**
 * Token of the `InstructorRegistration` (the checked options) behind the client registered under
 * `token`. Its presence in a container marks `token` as registered there by `registerInstructor`.
 */
export function instructorRegistrationToken(
  token: InjectionToken<Instructor>,
): InjectionToken<InstructorRegistration> {
  return registrationTokens.for(token);
}
