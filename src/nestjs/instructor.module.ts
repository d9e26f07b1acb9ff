import type { DynamicModule, OnModuleDestroy, OnModuleInit, Provider } from '@nestjs/common' with {
  'resolution-mode': 'import',
};
import type { DiscoveryService } from '@nestjs/core' with { 'resolution-mode': 'import' };
import type OpenAI from 'openai';
import {
  checkNoConnectionOptions,
  checkOptionNames,
  FROM_PROVIDER_OPTION_NAMES,
  fromProvider,
  INSTRUCTOR_SETTING_NAMES,
  type Instructor,
} from '../client';
import { ConfigurationError } from '../errors';
import { Hooks } from '../hooks';
import {
  CONNECTION_OPTION_NAMES,
  createProviderClient,
  parseProviderString,
  pick,
  type ParsedProviderString,
} from '../providers';
import { HookHandlersLoader } from './hook-handlers.loader';
import type { InstructorModuleExtras, InstructorModuleOptions } from './instructor-module.options';
import { getInstructorToken, getOpenAIClientToken } from './instructor.tokens';
import { loadNest } from './nest.runtime';

const { common, core } = loadNest();

/** Module-local tokens: each `forRoot` module has its own provider under them, never exported. */
const CHECKED_OPTIONS = Symbol('class-instructor:InstructorModule options (checked)');
const HOOK_HANDLERS_LOADER = Symbol('class-instructor:InstructorModule hook handlers loader');

/** The options once checked, and the parsed model string. */
interface CheckedOptions {
  readonly options: Readonly<InstructorModuleOptions>;
  readonly provider: ParsedProviderString;
}

const { ConfigurableModuleClass, MODULE_OPTIONS_TOKEN } =
  new common.ConfigurableModuleBuilder<InstructorModuleOptions>({ moduleName: 'Instructor' })
    .setClassMethodName('forRoot')
    .setFactoryMethodName('createInstructorOptions')
    .setExtras<InstructorModuleExtras>(
      { isGlobal: false, name: undefined },
      (definition, { isGlobal, name }): DynamicModule => {
        const clientName = checkName(name);
        return {
          ...definition,
          global: isGlobal === true,
          providers: [...(definition.providers ?? []), ...clientProviders(clientName)],
          exports: [getInstructorToken(clientName), getOpenAIClientToken(clientName)],
        };
      },
    )
    .build();

/**
 * The NestJS module of class-instructor: `InstructorModule.forRoot({ model, ...fromProvider
 * options })` or `forRootAsync({ imports, inject, useFactory })` registers a client (the default
 * one, or a further one under `name`) and its `OpenAI` instance, each overridable in tests.
 *
 * On module init, every `@OnHook` method of the app's providers and controllers marked for this
 * client becomes one of its client-level hooks, after those of the `hooks` option (which is
 * copied, never changed); they are removed again on module destroy.
 */
@common.Module({ imports: [core.DiscoveryModule] })
export class InstructorModule
  extends ConfigurableModuleClass
  implements OnModuleInit, OnModuleDestroy
{
  constructor(@common.Inject(HOOK_HANDLERS_LOADER) private readonly loader: HookHandlersLoader) {
    super();
  }

  /** Runs before the `onModuleInit` of the modules importing this one, so their warm-up calls see the hooks. */
  onModuleInit(): void {
    this.loader.register();
  }

  onModuleDestroy(): void {
    this.loader.unregister();
  }
}

/** What one `forRoot` module provides, for the client named `name`. */
function clientProviders(name: string | undefined): Provider[] {
  const clientToken = getInstructorToken(name);
  const openAIToken = getOpenAIClientToken(name);
  const logger = new common.Logger(
    name === undefined ? 'InstructorModule' : `InstructorModule(${name})`,
  );
  return [
    { provide: CHECKED_OPTIONS, useFactory: checkOptions, inject: [MODULE_OPTIONS_TOKEN] },
    {
      provide: openAIToken,
      useFactory: ({ options, provider }: CheckedOptions): OpenAI =>
        options.client ?? createProviderClient(provider, pick(options, CONNECTION_OPTION_NAMES)),
      inject: [CHECKED_OPTIONS],
    },
    { provide: clientToken, useFactory: createClient, inject: [CHECKED_OPTIONS, openAIToken] },
    {
      provide: HOOK_HANDLERS_LOADER,
      useFactory: (discovery: DiscoveryService, client: Instructor) =>
        new HookHandlersLoader(discovery, client, name, logger),
      inject: [core.DiscoveryService, clientToken],
    },
  ];
}

/** The client: the options' settings, the `OpenAI` instance provided (maybe overridden), a copy of the `hooks` option. */
function createClient({ options }: CheckedOptions, openai: OpenAI): Instructor {
  return fromProvider(options.model, {
    ...pick(options, INSTRUCTOR_SETTING_NAMES),
    client: openai,
    // Copied: the loader adds the discovered handlers to the client's set, and two apps given
    // the same `hooks` must not see each other's.
    hooks: options.hooks === undefined ? new Hooks() : Hooks.combine(options.hooks),
  });
}

function checkOptions(options: InstructorModuleOptions): CheckedOptions {
  if (typeof options !== 'object' || options === null) {
    throw new ConfigurationError({
      message: "InstructorModule needs options: { model: 'openai/gpt-4.1-mini', ... }.",
    });
  }
  const model: unknown = options.model;
  if (model === undefined || model === null || model === '') {
    throw new ConfigurationError({
      message:
        'InstructorModule needs `model`: a "provider/model-name" string such as "openai/gpt-4.1-mini".',
    });
  }
  const provider = parseProviderString(model);
  checkOptionNames(options, [...FROM_PROVIDER_OPTION_NAMES, 'model'], 'InstructorModule');
  if (options.client !== undefined) checkNoConnectionOptions(options, 'InstructorModule');
  if (options.hooks !== undefined && !Hooks.isInstance(options.hooks)) {
    throw new ConfigurationError({
      message: 'InstructorModule: `hooks` must be a Hooks instance.',
    });
  }
  return { options: { ...options }, provider };
}

function checkName(name: unknown): string | undefined {
  if (name === undefined || (typeof name === 'string' && name.length > 0)) return name;
  throw new ConfigurationError({
    message: `InstructorModule: \`name\` must be a non-empty string (or left out for the default client), got ${typeof name === 'string' ? 'an empty string' : typeof name}.`,
  });
}
