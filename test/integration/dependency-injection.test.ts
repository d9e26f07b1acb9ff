import 'reflect-metadata';
import { container as globalContainer, type DependencyContainer } from 'tsyringe';
import {
  ConfigurationError,
  Hooks,
  Instructor,
  OPENAI_CLIENT,
  openAIClientToken,
  registerInstructor,
} from '../../src';
import { FakeOpenAIServer } from '../../src/testing';
import { AuditHooks } from '../fixtures/di/audit.hooks';
import { SUMMARY_CLIENT } from '../fixtures/di/client-tokens';
import { EventLog } from '../fixtures/di/event-log';
import { ExtractionService } from '../fixtures/di/extraction.service';
import { MetricsHooks } from '../fixtures/di/metrics.hooks';
import { User } from '../fixtures/models/user.model';

const messages = [{ role: 'user' as const, content: 'Extract: Jason is 25' }];
const jason = { toolCall: { name: 'User', arguments: { name: 'Jason', age: 25 } } };
const summary = { toolCall: { name: 'Response', arguments: { content: 'Jason, 25.' } } };

describe('dependency injection: clients and hook handlers from a tsyringe container', () => {
  let server: FakeOpenAIServer;
  let otherServer: FakeOpenAIServer;
  let root: DependencyContainer;
  let log: EventLog;
  let savedKey: string | undefined;

  beforeAll(async () => {
    [server, otherServer] = await Promise.all([FakeOpenAIServer.start(), FakeOpenAIServer.start()]);
  });
  afterAll(() => Promise.all([server.stop(), otherServer.stop()]));
  beforeEach(() => {
    server.reset();
    otherServer.reset();
    root = globalContainer.createChildContainer();
    log = new EventLog();
    root.register(EventLog, { useValue: log });
    savedKey = process.env.OPENAI_API_KEY;
    delete process.env.OPENAI_API_KEY;
  });
  afterEach(() => {
    if (savedKey === undefined) delete process.env.OPENAI_API_KEY;
    else process.env.OPENAI_API_KEY = savedKey;
  });

  it("runs options.hooks, then each handler's hooks in the order given, with injected dependencies", async () => {
    registerInstructor(root, {
      model: 'openai/gpt-4.1-mini',
      client: server.client(),
      hooks: new Hooks().on('completion:kwargs', () => log.record('options kwargs')),
      handlers: [AuditHooks, MetricsHooks],
    });
    server.reply({
      ...jason,
      usage: { prompt_tokens: 12, completion_tokens: 8, total_tokens: 20 },
    });

    const user = await root.resolve(Instructor).create({ messages, responseModel: User });

    expect(user).toBeInstanceOf(User);
    expect(user).toEqual({ name: 'Jason', age: 25 });
    expect(log.events).toEqual([
      'options kwargs',
      'audit kwargs gpt-4.1-mini',
      'metrics request',
      'audit response tool_calls',
      'metrics usage 20',
    ]);
    expect(root.resolve(AuditHooks).log).toBe(log);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.model).toBe('gpt-4.1-mini');
  });

  it("a child's OPENAI_CLIENT and EventLog reach only the child's client; the parent keeps its server", async () => {
    registerInstructor(root, {
      model: 'openai/gpt-4.1-mini',
      client: server.client(),
      handlers: [AuditHooks],
    });
    const child = root.createChildContainer();
    const childLog = new EventLog();
    child.register(OPENAI_CLIENT, { useValue: otherServer.client() });
    child.register(EventLog, { useValue: childLog });
    server.reply(jason);
    otherServer.reply(jason, jason);

    await child.resolve(Instructor).create({ messages, responseModel: User });
    await root.resolve(Instructor).create({ messages, responseModel: User });
    await child.resolve(Instructor).create({ messages, responseModel: User });

    expect(otherServer.requests).toHaveLength(2);
    expect(server.requests).toHaveLength(1);
    expect(childLog.events).toEqual([
      'audit kwargs gpt-4.1-mini',
      'audit response tool_calls',
      'audit kwargs gpt-4.1-mini',
      'audit response tool_calls',
    ]);
    expect(log.events).toEqual(['audit kwargs gpt-4.1-mini', 'audit response tool_calls']);
    expect(child.resolve(AuditHooks).log).toBe(childLog);
    expect(root.resolve(AuditHooks).log).toBe(log);
  });

  it('a parent registered with no API key serves a child that overrides OPENAI_CLIENT', async () => {
    registerInstructor(root, { model: 'openai/gpt-4.1-mini', handlers: [AuditHooks] });
    const child = root.createChildContainer();
    child.register(OPENAI_CLIENT, { useValue: otherServer.client() });
    otherServer.reply(jason);

    const user = await child.resolve(Instructor).create({ messages, responseModel: User });

    expect(user).toEqual({ name: 'Jason', age: 25 });
    expect(otherServer.requests).toHaveLength(1);
    expect(() => root.resolve(Instructor)).toThrow(ConfigurationError);
    expect(() => root.resolve(Instructor)).toThrow(/set OPENAI_API_KEY/);
  });

  it('injects two clients with different models into one @injectable service', async () => {
    registerInstructor(root, { model: 'openai/gpt-4.1-mini', client: server.client() });
    registerInstructor(root, {
      model: 'openai/gpt-4.1',
      client: server.client(),
      token: SUMMARY_CLIENT,
    });
    server.reply(jason, summary);
    const service = root.resolve(ExtractionService);

    const user = await service.extractUser('Jason is 25');
    const text = await service.summarize('Jason is 25');

    expect(user).toEqual({ name: 'Jason', age: 25 });
    expect(text).toBe('Jason, 25.');
    expect(service.client).toBe(root.resolve(Instructor));
    expect(service.summarizer).toBe(root.resolve(SUMMARY_CLIENT));
    expect(server.requests.map((request) => request.model)).toEqual(['gpt-4.1-mini', 'gpt-4.1']);
  });

  it("overrides a custom token's OpenAI instance under openAIClientToken(token) only", async () => {
    registerInstructor(root, { model: 'openai/gpt-4.1-mini', client: server.client() });
    registerInstructor(root, { model: 'openai/gpt-4.1', token: SUMMARY_CLIENT });
    const child = root.createChildContainer();
    child.register(openAIClientToken(SUMMARY_CLIENT), { useValue: otherServer.client() });
    server.reply(jason);
    otherServer.reply(summary);
    const service = child.resolve(ExtractionService);

    await service.extractUser('Jason is 25');
    await service.summarize('Jason is 25');

    expect(server.requests.map((request) => request.model)).toEqual(['gpt-4.1-mini']);
    expect(otherServer.requests.map((request) => request.model)).toEqual(['gpt-4.1']);
  });

  it("runs a service's own @OnHook methods per call, after the client-level handlers", async () => {
    registerInstructor(root, {
      model: 'openai/gpt-4.1-mini',
      client: server.client(),
      handlers: [AuditHooks],
    });
    registerInstructor(root, {
      model: 'openai/gpt-4.1',
      client: server.client(),
      token: SUMMARY_CLIENT,
    });
    server.reply(jason, summary);
    const service = root.resolve(ExtractionService);

    await service.extractUser('Jason is 25');
    await service.summarize('Jason is 25');

    expect(log.events).toEqual([
      'audit kwargs gpt-4.1-mini',
      'audit response tool_calls',
      'service response gpt-4.1-mini',
    ]);
  });

  it('leaves the global container without any registration', () => {
    expect(globalContainer.isRegistered(Instructor, true)).toBe(false);
    expect(globalContainer.isRegistered(OPENAI_CLIENT, true)).toBe(false);
    expect(globalContainer.isRegistered(SUMMARY_CLIENT, true)).toBe(false);
    expect(globalContainer.isRegistered(openAIClientToken(SUMMARY_CLIENT), true)).toBe(false);
    expect(globalContainer.isRegistered(AuditHooks, true)).toBe(false);
    expect(globalContainer.isRegistered(MetricsHooks, true)).toBe(false);
    expect(globalContainer.isRegistered(EventLog, true)).toBe(false);
  });
});
