// The class types live in internal/ (shared with validation/); schema/ re-exports them for its users.
export type { AnyClass, ClassConstructor } from '../internal';
