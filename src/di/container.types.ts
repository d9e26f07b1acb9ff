/**
 * The parts of tsyringe that class-instructor uses, as structural types: the published declarations
 * never import 'tsyringe' (an optional peer), and a tsyringe `DependencyContainer` and its
 * `InjectionToken`s are assignable to them.
 */

/** A class the container constructs, resolving its constructor parameters. */
export type ConstructorLike<T = unknown> = new (...args: never[]) => T;

/** tsyringe's `delay(() => SomeClass)` wrapper, which tsyringe accepts as a token. */
export interface DelayedConstructorLike {
  createProxy(...args: never[]): unknown;
}

/** What a container registers and resolves under: a class, a string or a symbol. */
export type ContainerToken = string | symbol | ConstructorLike | DelayedConstructorLike;

/**
 * A token a client is registered under (`registerInstructor`'s `token` option): a class, a
 * non-empty string or a symbol. A tsyringe `InjectionToken<Instructor>` is one.
 */
export type ClientToken = ContainerToken;

/** How a token is provided: the providers `registerInstructor` registers. */
export type ProviderLike =
  | { useValue: unknown }
  | { useClass: ConstructorLike }
  | { useFactory(container: DependencyContainerLike): unknown };

/** A tsyringe container, as `registerInstructor` uses it (`container.createChildContainer()`). */
export interface DependencyContainerLike {
  register(token: ContainerToken, provider: ProviderLike): unknown;
  isRegistered(token: ContainerToken, recursive?: boolean): boolean;
  resolve(token: ContainerToken): unknown;
}
