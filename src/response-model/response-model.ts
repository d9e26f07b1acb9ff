import type { ChatCompletion } from 'openai/resources/chat/completions';

/** A class whose instances the model should produce (decorated with class-validator). */
export type ResponseModelClass<T extends object = object> = new (...args: never[]) => T;

/**
 * What `responseModel` accepts: a decorated class, `String` / `Number` / `Boolean` for a bare value
 * (Python instructor's `response_model=str`), or `null` for the raw `ChatCompletion`.
 */
export type ResponseModel =
  ResponseModelClass | StringConstructor | NumberConstructor | BooleanConstructor | null;

/** The value `create()` resolves to for a given `responseModel`. */
export type ResponseOf<M> = M extends null
  ? ChatCompletion
  : M extends StringConstructor
    ? string
    : M extends NumberConstructor
      ? number
      : M extends BooleanConstructor
        ? boolean
        : M extends ResponseModelClass<infer T>
          ? T
          : never;
