import type { ParsedProviderString } from '../providers';
import type { ClientToken } from './container.types';
import type { HookHandlerType, RegisterInstructorOptions } from './register-instructor.options';

/** Checked `registerInstructor` options, as stored in the container. */
export interface InstructorRegistration {
  /** The options as given (a shallow copy; `handlers` copied too). */
  readonly options: Readonly<RegisterInstructorOptions>;
  /** `options.model`, parsed. */
  readonly provider: ParsedProviderString;
  /** Where the client is registered. */
  readonly token: ClientToken;
  /** Hook handler classes, in the order given. */
  readonly handlers: readonly HookHandlerType[];
}
