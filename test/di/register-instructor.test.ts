import 'reflect-metadata';
import OpenAI from 'openai';
import { container as globalContainer, type DependencyContainer } from 'tsyringe';
import {
  ConfigurationError,
  Hooks,
  Instructor,
  Mode,
  OPENAI_CLIENT,
  openAIClientToken,
  registerInstructor,
} from '../../src';
import { AuditHooks } from '../fixtures/di/audit.hooks';
import { EventLog } from '../fixtures/di/event-log';
import { MetricsHooks } from '../fixtures/di/metrics.hooks';

/** An SDK instance no test sends anything through. */
function unusedOpenAI(): OpenAI {
  return new OpenAI({ apiKey: 'sk-unit-test', baseURL: 'http://127.0.0.1:9/v1' });
}

const kwargs = { model: 'gpt-4.1-mini', messages: [] };

describe('registerInstructor: what a container resolves', () => {
  let root: DependencyContainer;
  let savedKey: string | undefined;

  beforeEach(() => {
    root = globalContainer.createChildContainer();
    savedKey = process.env.OPENAI_API_KEY;
    delete process.env.OPENAI_API_KEY;
  });
  afterEach(() => {
    if (savedKey === undefined) delete process.env.OPENAI_API_KEY;
    else process.env.OPENAI_API_KEY = savedKey;
  });

  it('resolves an Instructor configured like fromProvider with the same options', () => {
    const openai = unusedOpenAI();
    registerInstructor(root, {
      model: 'openai/gpt-4.1-mini',
      client: openai,
      mode: Mode.JSON_SCHEMA,
      maxRetries: 0,
      defaults: { temperature: 0 },
    });

    const client = root.resolve(Instructor);

    expect(client).toBeInstanceOf(Instructor);
    expect(client.client).toBe(openai);
    expect(client.provider).toBe('openai');
    expect(client.model).toBe('gpt-4.1-mini');
    expect(client.mode).toBe(Mode.JSON_SCHEMA);
    expect(client.maxRetries).toBe(0);
    expect(client.defaults).toEqual({ temperature: 0 });
    expect(root.resolve(OPENAI_CLIENT)).toBe(openai);
  });

  it('registers without an API key and reports the missing key when the client is first resolved', () => {
    expect(() => registerInstructor(root, { model: 'openai/gpt-4.1-mini' })).not.toThrow();

    expect(() => root.resolve(Instructor)).toThrow(ConfigurationError);
    expect(() => root.resolve(OPENAI_CLIENT)).toThrow(/No API key for openai: set OPENAI_API_KEY/);
  });

  it('reads the key from the environment at first resolution, not at registration', () => {
    registerInstructor(root, { model: 'openai/gpt-4.1-mini' });
    process.env.OPENAI_API_KEY = 'sk-set-after-registration';

    const client = root.resolve(Instructor);

    expect(client.client.apiKey).toBe('sk-set-after-registration');
  });

  it("builds one OpenAI instance from the provider preset, shared by every container's client", () => {
    registerInstructor(root, { model: 'groq/llama-3.1-8b-instant', apiKey: 'gsk-unit-test' });
    const child = root.createChildContainer();

    const openai = root.resolve<OpenAI>(OPENAI_CLIENT);

    expect(openai.baseURL).toBe('https://api.groq.com/openai/v1');
    expect(openai.apiKey).toBe('gsk-unit-test');
    expect(root.resolve(Instructor).client).toBe(openai);
    expect(child.resolve(Instructor).client).toBe(openai);
    expect(root.resolve(Instructor).provider).toBe('groq');
    expect(root.resolve(Instructor).model).toBe('llama-3.1-8b-instant');
  });

  it('keeps an OPENAI_CLIENT the container or an ancestor already has when no client, apiKey or baseURL is given', () => {
    const fake = unusedOpenAI();
    root.register(OPENAI_CLIENT, { useValue: fake });
    const child = root.createChildContainer();

    registerInstructor(child, { model: 'openai/gpt-4.1-mini' });
    registerInstructor(root, { model: 'openai/gpt-4.1-mini' });

    expect(child.resolve(Instructor).client).toBe(fake);
    expect(root.resolve(Instructor).client).toBe(fake);
  });

  it("uses an explicit client over an ancestor's OPENAI_CLIENT, in this container only", () => {
    const ancestors = unusedOpenAI();
    const explicit = unusedOpenAI();
    root.register(OPENAI_CLIENT, { useValue: ancestors });
    const child = root.createChildContainer();

    registerInstructor(child, { model: 'openai/gpt-4.1-mini', client: explicit });

    expect(child.resolve(Instructor).client).toBe(explicit);
    expect(child.resolve(OPENAI_CLIENT)).toBe(explicit);
    expect(root.resolve(OPENAI_CLIENT)).toBe(ancestors);
  });

  it.each<[string, { apiKey?: string; baseURL?: string }]>([
    ['apiKey', { apiKey: 'sk-explicit' }],
    ['baseURL', { baseURL: 'http://127.0.0.1:9/explicit/v1' }],
  ])(
    "builds the OpenAI instance from an explicit %s over an ancestor's OPENAI_CLIENT",
    (_name, given) => {
      process.env.OPENAI_API_KEY = 'sk-from-environment';
      const ancestors = unusedOpenAI();
      root.register(OPENAI_CLIENT, { useValue: ancestors });
      const child = root.createChildContainer();

      registerInstructor(child, { model: 'openai/gpt-4.1-mini', ...given });
      const openai = child.resolve(Instructor).client;

      expect(openai).not.toBe(ancestors);
      expect(openai.apiKey).toBe(given.apiKey ?? 'sk-from-environment');
      if (given.baseURL !== undefined) expect(openai.baseURL).toBe(given.baseURL);
      expect(root.resolve(OPENAI_CLIENT)).toBe(ancestors);
    },
  );

  it('gives each container its own client, the same one on every resolution', () => {
    registerInstructor(root, { model: 'openai/gpt-4.1-mini', client: unusedOpenAI() });
    const child = root.createChildContainer();

    const parentClient = root.resolve(Instructor);
    const childClient = child.resolve(Instructor);

    expect(root.resolve(Instructor)).toBe(parentClient);
    expect(child.resolve(Instructor)).toBe(childClient);
    expect(childClient).not.toBe(parentClient);
    expect(childClient.client).toBe(parentClient.client);
  });

  it('registers handlers per container: resolve(Handler) is the instance whose hooks the client calls', async () => {
    const log = new EventLog();
    root.register(EventLog, { useValue: log });
    registerInstructor(root, {
      model: 'openai/gpt-4.1-mini',
      client: unusedOpenAI(),
      handlers: [AuditHooks, MetricsHooks],
    });
    const child = root.createChildContainer();

    await root.resolve(Instructor).hooks.emit('completion:kwargs', kwargs);

    expect(root.resolve(AuditHooks)).toBe(root.resolve(AuditHooks));
    expect(root.resolve(AuditHooks).log).toBe(log);
    expect(child.resolve(AuditHooks)).not.toBe(root.resolve(AuditHooks));
    expect(log.events).toEqual(['audit kwargs gpt-4.1-mini', 'metrics request']);
  });

  it('keeps a registration the container already has for a handler class', () => {
    root.registerSingleton(AuditHooks);
    root.register(EventLog, { useValue: new EventLog() });
    registerInstructor(root, {
      model: 'openai/gpt-4.1-mini',
      client: unusedOpenAI(),
      handlers: [AuditHooks],
    });
    const child = root.createChildContainer();

    expect(child.resolve(AuditHooks)).toBe(root.resolve(AuditHooks));
  });

  it("puts options.hooks first, then each handler's, and never mutates options.hooks", async () => {
    const log = new EventLog();
    root.register(EventLog, { useValue: log });
    const hooks = new Hooks().on('completion:kwargs', () => log.record('options hooks'));
    registerInstructor(root, {
      model: 'openai/gpt-4.1-mini',
      client: unusedOpenAI(),
      hooks,
      handlers: [MetricsHooks, AuditHooks],
    });

    const client = root.resolve(Instructor);
    client.on('completion:kwargs', () => log.record('client.on'));
    await client.hooks.emit('completion:kwargs', kwargs);

    expect(log.events).toEqual([
      'options hooks',
      'metrics request',
      'audit kwargs gpt-4.1-mini',
      'client.on',
    ]);
    expect(hooks.handlerCount()).toBe(1);
  });

  it('lets a child register the same token with its own options; the parent keeps its client', () => {
    const parentOpenAI = unusedOpenAI();
    registerInstructor(root, { model: 'openai/gpt-4.1-mini', client: parentOpenAI });
    const child = root.createChildContainer();

    registerInstructor(child, { model: 'groq/llama-3.1-8b-instant', apiKey: 'gsk-unit-test' });

    expect(child.resolve(Instructor).model).toBe('llama-3.1-8b-instant');
    expect(child.resolve<OpenAI>(OPENAI_CLIENT).baseURL).toBe('https://api.groq.com/openai/v1');
    expect(root.resolve(Instructor).model).toBe('gpt-4.1-mini');
    expect(root.resolve(Instructor).client).toBe(parentOpenAI);
  });

  it('treats `token: Instructor` given explicitly as the default token', () => {
    const options = { model: 'openai/gpt-4.1-mini', client: unusedOpenAI() };
    registerInstructor(root, { ...options, token: Instructor });
    const client = root.resolve(Instructor);

    expect(client.model).toBe('gpt-4.1-mini');
    expect(() => registerInstructor(root, options)).toThrow(
      /^registerInstructor: Instructor is already registered in this container by registerInstructor/,
    );
    expect(root.resolve(Instructor)).toBe(client);
  });

  it('gives a client under a custom token its own OpenAI instance, under openAIClientToken(token)', () => {
    const SUMMARY_CLIENT = Symbol('SUMMARY_CLIENT');
    const summaryOpenAI = unusedOpenAI();
    registerInstructor(root, { model: 'openai/gpt-4.1-mini', client: unusedOpenAI() });
    registerInstructor(root, {
      model: 'openai/gpt-4.1',
      client: summaryOpenAI,
      token: SUMMARY_CLIENT,
    });

    const summary = root.resolve<Instructor>(SUMMARY_CLIENT);

    expect(summary).toBeInstanceOf(Instructor);
    expect(summary.model).toBe('gpt-4.1');
    expect(summary.client).toBe(summaryOpenAI);
    expect(root.resolve(openAIClientToken(SUMMARY_CLIENT))).toBe(summaryOpenAI);
    expect(root.resolve(Instructor).client).not.toBe(summaryOpenAI);
  });

  it('registers nothing in the global container', () => {
    registerInstructor(root, {
      model: 'openai/gpt-4.1-mini',
      handlers: [AuditHooks],
      token: 'GLOBAL_CHECK_CLIENT',
    });

    expect(globalContainer.isRegistered('GLOBAL_CHECK_CLIENT', true)).toBe(false);
    expect(globalContainer.isRegistered(openAIClientToken('GLOBAL_CHECK_CLIENT'), true)).toBe(
      false,
    );
    expect(globalContainer.isRegistered(AuditHooks, true)).toBe(false);
    expect(root.isRegistered('GLOBAL_CHECK_CLIENT')).toBe(true);
  });
});
