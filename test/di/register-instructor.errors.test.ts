import 'reflect-metadata';
import OpenAI from 'openai';
import { container as globalContainer, type DependencyContainer } from 'tsyringe';
import {
  ConfigurationError,
  Hooks,
  Instructor,
  registerInstructor,
  type RegisterInstructorOptions,
} from '../../src';
import { CircularHooks } from '../fixtures/di/circular.hooks';
import { AuditHooks } from '../fixtures/di/audit.hooks';
import { EventLog } from '../fixtures/di/event-log';
import { NoHooksHandler } from '../fixtures/handlers/no-hooks.handler';

type DiModule = typeof import('../../src/di');
type IndexModule = typeof import('../../src');

/** What `action` throws (fails the test when it throws nothing). */
function thrownBy(action: () => unknown): Error {
  try {
    action();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a throw, got none');
}

/** A fresh copy of the module at `path` and of what it imports (module-level state reset). */
function freshCopy<T>(path: string): T {
  let loaded: T | undefined;
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a fresh module copy
    loaded = require(path) as T;
  });
  return loaded!;
}

/** Runs `action` while requiring `tsyringe` fails as it does when it is not installed. */
function withoutTsyringe<T>(action: () => T): T {
  jest.doMock('tsyringe', () => {
    throw new Error("Cannot find module 'tsyringe'");
  });
  try {
    return action();
  } finally {
    jest.dontMock('tsyringe');
  }
}

const client = new OpenAI({ apiKey: 'sk-unit-test', baseURL: 'http://127.0.0.1:9/v1' });

describe('registerInstructor: ConfigurationErrors', () => {
  let root: DependencyContainer;

  beforeEach(() => {
    root = globalContainer.createChildContainer();
  });

  it('rejects options with no model, and registers nothing', () => {
    const error = thrownBy(() => registerInstructor(root, {} as RegisterInstructorOptions));

    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toBe(
      'registerInstructor needs `model`: a "provider/model-name" string such as "openai/gpt-4.1-mini".',
    );
    expect(root.isRegistered(Instructor)).toBe(false);
    expect(() =>
      registerInstructor(root, undefined as unknown as RegisterInstructorOptions),
    ).toThrow(ConfigurationError);
  });

  it.each(['gpt-4.1-mini', 'openai/', '/gpt-4.1-mini', 'nosuch/model'])(
    'rejects the model string %j at registration, naming the supported providers',
    (model) => {
      const error = thrownBy(() => registerInstructor(root, { model, client }));

      expect(error).toBeInstanceOf(ConfigurationError);
      expect(error.message).toMatch(/Supported providers: openai, /);
      expect(root.isRegistered(Instructor)).toBe(false);
    },
  );

  it('rejects a handler class with no @OnHook method, naming it, and registers nothing', () => {
    const error = thrownBy(() =>
      registerInstructor(root, {
        model: 'openai/gpt-4.1-mini',
        client,
        handlers: [AuditHooks, NoHooksHandler],
      }),
    );

    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toMatch(/handler NoHooksHandler has no @OnHook method/);
    expect(root.isRegistered(Instructor)).toBe(false);
    expect(root.isRegistered(AuditHooks)).toBe(false);
  });

  it('rejects a handler instance: the container constructs handlers', () => {
    const handlers = [
      new AuditHooks(new EventLog()),
    ] as unknown as RegisterInstructorOptions['handlers'];

    expect(() =>
      registerInstructor(root, { model: 'openai/gpt-4.1-mini', client, handlers }),
    ).toThrow(
      'registerInstructor: handlers[0] is an instance of AuditHooks; pass the class, the container constructs it.',
    );
  });

  it.each<[string, Partial<RegisterInstructorOptions>]>([
    ['the same options', {}],
    ['other options', { model: 'openai/gpt-4.1', maxRetries: 3 }],
    ['a new Hooks set', { hooks: new Hooks() }],
  ])(
    'rejects the same token registered again in the same container, with %s, and keeps the first',
    (_what, changed) => {
      const options = { model: 'openai/gpt-4.1-mini', client, maxRetries: 1 };
      registerInstructor(root, options);
      const first = root.resolve(Instructor);

      const error = thrownBy(() => registerInstructor(root, { ...options, ...changed }));

      expect(error).toBeInstanceOf(ConfigurationError);
      expect(error.message).toBe(
        'registerInstructor: Instructor is already registered in this container by ' +
          'registerInstructor; register each token once per container. Register a second client ' +
          'under another `token`, or other options in a child container.',
      );
      expect(root.resolve(Instructor)).toBe(first);
      expect(first.model).toBe('gpt-4.1-mini');
    },
  );

  it('rejects a token the container already has from another registration', () => {
    root.register('ANSWERS', { useValue: 'something else' });

    expect(() =>
      registerInstructor(root, { model: 'openai/gpt-4.1-mini', client, token: 'ANSWERS' }),
    ).toThrow(/"ANSWERS" is already registered in this container by other means/);
  });

  it.each([null, '', 42])('rejects the token %j, naming what a token can be', (token) => {
    expect(() =>
      registerInstructor(root, {
        model: 'openai/gpt-4.1-mini',
        client,
        token: token as unknown as string,
      }),
    ).toThrow(/`token` must be a class, a non-empty string or a symbol/);
  });

  it('rejects something that is not a container', () => {
    expect(() =>
      registerInstructor(undefined as unknown as DependencyContainer, {
        model: 'openai/gpt-4.1-mini',
      }),
    ).toThrow(/pass your tsyringe container/);
  });

  it('reports a handler that injects the client it hooks into instead of overflowing the stack', () => {
    registerInstructor(root, { model: 'openai/gpt-4.1-mini', client, handlers: [CircularHooks] });

    const error = thrownBy(() => root.resolve(Instructor));

    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toMatch(
      /^Circular dependency: building the client Instructor needs itself; a hook handler/,
    );
    expect(String((error.cause as Error).message)).toMatch(
      /Cannot inject the dependency "client" at position #0 of "CircularHooks" constructor/,
    );
  });

  it('reports the circular handler as a ConfigurationError from a child container too, every time', () => {
    registerInstructor(root, { model: 'openai/gpt-4.1-mini', client, handlers: [CircularHooks] });
    const child = root.createChildContainer();

    expect(() => child.resolve(Instructor)).toThrow(ConfigurationError);
    expect(() => child.resolve(Instructor)).toThrow(ConfigurationError);
    expect(() => root.resolve(Instructor)).toThrow(ConfigurationError);
  });

  it('reports a missing reflect-metadata polyfill before touching the container', () => {
    // The guard remembers a successful check, so a fresh copy of the module is loaded.
    const fresh = freshCopy<DiModule>('../../src/di');
    const reflect = Reflect as unknown as Record<string, unknown>;
    const getMetadata = reflect.getMetadata;
    reflect.getMetadata = undefined;
    let error: Error;
    try {
      error = thrownBy(() => fresh.registerInstructor(root, { model: 'openai/gpt-4.1-mini' }));
    } finally {
      reflect.getMetadata = getMetadata;
    }

    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect(error.message).toMatch(
      /needs the 'reflect-metadata' polyfill: add `import 'reflect-metadata';`/,
    );
    expect(root.isRegistered(Instructor)).toBe(false);
  });

  it('loads the package without tsyringe installed', () => {
    const index = withoutTsyringe(() => freshCopy<IndexModule>('../../src'));

    expect(typeof index.registerInstructor).toBe('function');
    expect(typeof index.OPENAI_CLIENT).toBe('symbol');
    expect(typeof index.fromProvider).toBe('function');
  });

  it('reports tsyringe missing when registerInstructor is called', () => {
    const fresh = freshCopy<DiModule>('../../src/di');

    const error = withoutTsyringe(() =>
      thrownBy(() => fresh.registerInstructor(root, { model: 'openai/gpt-4.1-mini', client })),
    );

    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect(error.message).toMatch(/needs the optional peer dependency 'tsyringe'/);
    expect(root.isRegistered(Instructor)).toBe(false);
  });
});
