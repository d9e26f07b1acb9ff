import type { LoggerService } from '@nestjs/common' with { 'resolution-mode': 'import' };
import type { DiscoveryService } from '@nestjs/core' with { 'resolution-mode': 'import' };
import type { Instructor } from '../client';
import { ConfigurationError } from '../errors';
import type { HookEventName } from '../hooks';
// Not re-exported by hooks/index.ts (yet): the accessor is the one reader of @OnHook marks.
import { getHookTargets } from '../hooks';

/** What `DiscoveryService` returns for each provider and controller. */
type InstanceWrapper = ReturnType<DiscoveryService['getProviders']>[number];

/** A handler this loader added to its client, to remove when the module is destroyed. */
interface AddedHandler {
  readonly eventName: string;
  readonly handler: (...args: unknown[]) => unknown;
}

/**
 * Turns the `@OnHook` methods of a Nest app's providers and controllers into client-level hooks
 * of one client: those marked for it (`@OnHook(event, { client: name })`, no `client` for the
 * default one), bound to the Nest instance. One loader per `InstructorModule.forRoot(...)`; the
 * module calls `register()` in its `onModuleInit` and `unregister()` in its `onModuleDestroy`.
 *
 * Which instances: every provider and controller once, providers first, in the order Nest holds
 * them (modules as scanned, each module's in declaration order), each instance's methods in
 * declaration order (base class first). `useExisting` aliases and an instance provided twice are
 * taken once; each instance of a transient provider (one per class it is injected into) is taken;
 * request-scoped providers are skipped with a warning, since there is no app-wide instance to
 * bind to (pass `hooks: Hooks.from(this)` per call from those).
 */
export class HookHandlersLoader {
  readonly #added: AddedHandler[] = [];

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly client: Instructor,
    /** The name of this loader's client; `undefined` for the default one. */
    readonly clientName: string | undefined,
    private readonly logger: Pick<LoggerService, 'warn'>,
  ) {}

  /**
   * Registers the handlers. Throws a `ConfigurationError` for a method marked for a client no
   * `InstructorModule` of the app registers, and for a custom event the client's `hooks` option
   * does not declare.
   */
  register(): void {
    const wrappers = [...this.discovery.getProviders(), ...this.discovery.getControllers()];
    const clientNames = new Set(
      wrappers.flatMap(({ instance }) =>
        instance instanceof HookHandlersLoader ? [instance.clientName] : [],
      ),
    );
    const seen = new Set<object>();
    try {
      for (const wrapper of wrappers) {
        if (wrapper.isAlias) continue;
        if (!wrapper.isDependencyTreeStatic()) {
          this.#warnRequestScoped(wrapper);
          continue;
        }
        for (const instance of instancesOf(wrapper)) {
          if (seen.has(instance)) continue;
          seen.add(instance);
          const prototype = Object.getPrototypeOf(instance) as object | null;
          for (const { methodName, event, client } of getHookTargets(prototype)) {
            if (!clientNames.has(client)) throw unknownClientError(instance, methodName, client);
            if (client === this.clientName) this.#add(instance, methodName, event);
          }
        }
      }
    } catch (error) {
      // All or nothing: the app does not boot, and its client keeps no half of the handlers.
      this.unregister();
      throw error;
    }
  }

  /** Removes every handler `register()` added, leaving the client's other hooks as they were. */
  unregister(): void {
    for (const { eventName, handler } of this.#added.splice(0)) {
      this.client.hooks.off(eventName as HookEventName, handler);
    }
  }

  #add(instance: object, methodName: string | symbol, eventName: string): void {
    const method: unknown = (instance as Record<string | symbol, unknown>)[methodName];
    if (typeof method !== 'function') {
      throw new ConfigurationError({
        message: `${describeMethod(instance, methodName)} is marked with @OnHook but is not a function.`,
      });
    }
    const handler = (method as (...args: unknown[]) => unknown).bind(instance);
    try {
      this.client.hooks.on(eventName as HookEventName, handler);
    } catch (error) {
      // The client's set accepts the built-in events and those its `hooks` option declares.
      throw new ConfigurationError({
        message:
          `${describeMethod(instance, methodName)} handles '${eventName}', which the client's ` +
          `hooks do not declare: pass \`hooks: new Hooks({ events: ['${eventName}'] })\` to ` +
          'InstructorModule.forRoot (or return it from the forRootAsync factory).',
        cause: error,
      });
    }
    this.#added.push({ eventName, handler });
  }

  #warnRequestScoped(wrapper: InstanceWrapper): void {
    // A factory provider's metatype is the factory, whose prototype has no marks.
    const type: unknown = wrapper.inject ? undefined : wrapper.metatype;
    if (typeof type !== 'function') return;
    const prototype = type.prototype as object | null | undefined;
    if (prototype === undefined) return;
    const mine = getHookTargets(prototype).some(({ client }) => client === this.clientName);
    if (!mine) return;
    this.logger.warn(
      `${type.name} is request-scoped (or depends on a request-scoped provider): its @OnHook ` +
        'methods are not registered as client-level hooks. Pass `hooks: Hooks.from(this)` to ' +
        'its calls instead.',
    );
  }
}

/** The instances of a provider or controller that live as long as the app. */
function instancesOf(wrapper: InstanceWrapper): object[] {
  const instances: unknown[] = wrapper.isTransient
    ? wrapper.getStaticTransientInstances().map((perContext): unknown => perContext?.instance)
    : [wrapper.instance];
  return instances.filter(
    (instance): instance is object => typeof instance === 'object' && instance !== null,
  );
}

function unknownClientError(
  instance: object,
  methodName: string | symbol,
  client: string | undefined,
): ConfigurationError {
  return new ConfigurationError({
    message:
      client === undefined
        ? `${describeMethod(instance, methodName)} is marked with @OnHook for the default client, ` +
          'but no InstructorModule.forRoot() without a `name` is imported: import one, or name ' +
          "the client: @OnHook(event, { client: 'name' })."
        : `${describeMethod(instance, methodName)} is marked with @OnHook for the client ` +
          `'${client}', but no InstructorModule.forRoot({ name: '${client}' }) is imported.`,
  });
}

function describeMethod(instance: object, methodName: string | symbol): string {
  const owner = (instance.constructor as { name?: string } | undefined)?.name || '(anonymous)';
  return `${owner}.${String(methodName)}`;
}
