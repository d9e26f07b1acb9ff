import type { InjectionToken } from 'tsyringe';
import type { Instructor } from '../client';
import type { ParsedProviderString } from '../providers';
import type { HookHandlerType, RegisterInstructorOptions } from './register-instructor.options';

/** Checked `registerInstructor` options, as stored in the container. */
export interface InstructorRegistration {
  /** The options as given (a shallow copy; `handlers` copied too). */
  readonly options: Readonly<RegisterInstructorOptions>;
  /** `options.model`, parsed. */
  readonly provider: ParsedProviderString;
  /** Where the client is registered. */
  readonly token: InjectionToken<Instructor>;
  /** Hook handler classes, in the order given. */
  readonly handlers: readonly HookHandlerType[];
}
