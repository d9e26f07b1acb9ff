import { getInstructorToken } from './instructor.tokens';
import { loadNest } from './nest.runtime';

/**
 * Injects the client `InstructorModule.forRoot({ name })` registers; without a name, the default
 * client (which a parameter typed `Instructor` also receives without any decorator).
 */
export function InjectInstructor(name?: string): PropertyDecorator & ParameterDecorator {
  return loadNest().common.Inject(getInstructorToken(name));
}
