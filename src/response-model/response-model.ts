import type { ChatCompletion } from 'openai/resources/chat/completions';

/** A class whose instances the model should produce (decorated with class-validator). */
export type ResponseModelClass<T extends object = object> = new (...args: never[]) => T;

/**
 * What `responseModel` accepts: a decorated class, `String` / `Number` / `Boolean` for a bare value
 * (Python instructor's `response_model=str`), `null` for the raw `ChatCompletion`, or (with
 * `Mode.PARALLEL_TOOLS`) a list of classes, one tool each.
 */
export type ResponseModel =
  | ResponseModelClass
  | StringConstructor
  | NumberConstructor
  | BooleanConstructor
  | null
  | readonly ResponseModelClass[];

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
          : M extends readonly ResponseModelClass[]
            ? ElementOf<M>[]
            : never;

/** An element `createIterable` yields: an instance of the class, or of one of the listed classes. */
export type ElementOf<M> = M extends readonly (infer C)[]
  ? C extends ResponseModelClass<infer T>
    ? T
    : never
  : M extends ResponseModelClass<infer T>
    ? T
    : never;

/** A value under construction: every property optional, all the way down. */
export type DeepPartial<T> = T extends (infer E)[]
  ? DeepPartial<E>[]
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;
