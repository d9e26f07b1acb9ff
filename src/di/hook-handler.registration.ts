import type { DependencyContainerLike } from './container.types';
import { DerivedTokens } from './derived-tokens';
import type { HookHandlerType } from './register-instructor.options';
import type { TsyringeRuntime } from './tsyringe-runtime';

const instanceTokens = new DerivedTokens('handler');

/**
 * Registers `handler` in `container`, one instance per resolving container, built with that
 * container's dependencies, whenever that container was created: the class is registered
 * transient under a token of its own, and the class itself as a factory that resolves that token
 * once per container. (tsyringe's container-scoped lifecycle would give its own instance only to
 * child containers created after this call; one created before would share, and might even build,
 * this container's instance.) So `container.resolve(handler)`, in this container or any
 * descendant, is the instance whose hooks the client resolved from there calls.
 */
export function registerHookHandler(
  container: DependencyContainerLike,
  handler: HookHandlerType,
  { instancePerContainerCachingFactory }: TsyringeRuntime,
): void {
  const instanceToken = instanceTokens.for(handler);
  container.register(instanceToken, { useClass: handler });
  container.register(handler, {
    useFactory: instancePerContainerCachingFactory((resolving) => resolving.resolve(instanceToken)),
  });
}
