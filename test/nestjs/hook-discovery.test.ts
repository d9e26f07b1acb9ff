import 'reflect-metadata';
import type { Server } from 'node:http';
import { Injectable, Logger, Module, type OnModuleInit } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import OpenAI from 'openai';
import type { ChatCompletionCreateParams } from 'openai/resources/chat/completions';
import request from 'supertest';
import { ConfigurationError, HOOK_WARNING_CODE, Hooks, Instructor, OnHook } from '../../src';
import { getInstructorToken, InjectInstructor, InstructorModule } from '../../src/nestjs';
import { FakeOpenAIServer } from '../../src/testing';
import { AuditHooks } from './fixtures/audit.hooks';
import { EventLog } from './fixtures/event-log';
import { HookedController } from './fixtures/hooked.controller';
import { ReportsHooks } from './fixtures/reports.hooks';
import {
  FirstTransientConsumer,
  RequestScopedHooks,
  SecondTransientConsumer,
  TransientHooks,
} from './fixtures/scoped.hooks';

const kwargs: ChatCompletionCreateParams = { model: 'gpt-4.1-mini', messages: [] };

/** An SDK instance no test sends anything through. */
function unusedOpenAI(): OpenAI {
  return new OpenAI({ apiKey: 'sk-unit-test', baseURL: 'http://127.0.0.1:9/v1' });
}

function defaultClient(options: { hooks?: Hooks } = {}) {
  return InstructorModule.forRoot({
    model: 'openai/gpt-4.1-mini',
    client: unusedOpenAI(),
    ...options,
  });
}

function reportsClient() {
  return InstructorModule.forRoot({
    model: 'openai/gpt-4.1',
    client: unusedOpenAI(),
    name: 'reports',
  });
}

/** The model's reply for `responseModel: String`. */
function answer(content: string) {
  return { toolCall: { name: 'Response', arguments: { content } } };
}

/** What `action` rejects with (fails the test when it resolves). */
async function rejectionOf(action: () => Promise<unknown>): Promise<Error> {
  try {
    await action();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection, got none');
}

describe('InstructorModule: @OnHook methods of providers and controllers', () => {
  const opened: TestingModule[] = [];

  afterEach(async () => {
    // allSettled: a module whose init failed may fail to close too.
    await Promise.allSettled(opened.splice(0).map((moduleRef) => moduleRef.close()));
    jest.restoreAllMocks();
  });

  async function boot(metadata: Parameters<typeof Test.createTestingModule>[0]) {
    const moduleRef = await Test.createTestingModule(metadata).compile();
    opened.push(moduleRef);
    await moduleRef.init();
    return moduleRef;
  }

  it("registers a provider's and a controller's methods in declaration order, with their injected dependencies", async () => {
    const log = new EventLog();
    const hooks = new Hooks().on('completion:kwargs', () => log.record('options hooks'));
    const moduleRef = await boot({
      imports: [defaultClient({ hooks })],
      controllers: [HookedController],
      providers: [{ provide: EventLog, useValue: log }, AuditHooks],
    });
    const client = moduleRef.get(Instructor);

    await client.hooks.emit('completion:kwargs', kwargs);

    expect(log.events).toEqual([
      'options hooks',
      'audit kwargs gpt-4.1-mini',
      'audit kwargs again',
      'controller kwargs',
    ]);
    expect(moduleRef.get(AuditHooks).log).toBe(log);
    expect(moduleRef.get(HookedController).instructor).toBe(client);
  });

  it('fires the hooks on calls over HTTP through the real SDK', async () => {
    const server = await FakeOpenAIServer.start();
    try {
      const moduleRef = await Test.createTestingModule({
        imports: [
          InstructorModule.forRoot({ model: 'openai/gpt-4.1-mini', client: server.client() }),
        ],
        controllers: [HookedController],
        providers: [EventLog, AuditHooks],
      }).compile();
      opened.push(moduleRef);
      const app = moduleRef.createNestApplication({ logger: false });
      await app.init();
      server.reply(answer('Ada'));

      const name = await moduleRef
        .get(Instructor)
        .create({ messages: [{ role: 'user', content: 'Who?' }], responseModel: String });
      const response = await request(app.getHttpServer() as Server).get('/hooked');

      expect(name).toBe('Ada');
      expect(response.body).toEqual({ model: 'gpt-4.1-mini' });
      expect(moduleRef.get(EventLog).events).toEqual([
        'audit kwargs gpt-4.1-mini',
        'audit kwargs again',
        'controller kwargs',
        'audit response',
      ]);
    } finally {
      await server.stop();
    }
  });

  it('gives each method to the client it names, the default one when it names none', async () => {
    const moduleRef = await boot({
      imports: [defaultClient(), reportsClient()],
      providers: [EventLog, ReportsHooks],
    });
    const log = moduleRef.get(EventLog);

    await moduleRef.get<Instructor>(getInstructorToken('reports')).hooks.emit('completion:kwargs', {
      ...kwargs,
      model: 'gpt-4.1',
    });
    await moduleRef.get(Instructor).hooks.emit('completion:kwargs', kwargs);

    expect(log.events).toEqual(['reports kwargs gpt-4.1']);
    expect(moduleRef.get(Instructor).hooks.handlerCount()).toBe(1);
    expect(moduleRef.get<Instructor>(getInstructorToken('reports')).hooks.handlerCount()).toBe(1);
  });

  it('rejects a method marked for a client no InstructorModule registers, adding no handler', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [defaultClient()],
      providers: [EventLog, AuditHooks, ReportsHooks],
    }).compile();
    opened.push(moduleRef);

    const error = await rejectionOf(() => moduleRef.init());

    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect(error.message).toBe(
      "ReportsHooks.onReportRequest is marked with @OnHook for the client 'reports', but no " +
        "InstructorModule.forRoot({ name: 'reports' }) is imported.",
    );
    expect(moduleRef.get(Instructor).hooks.handlerCount()).toBe(0);
  });

  it('does not share handlers between two apps, and removes them when an app closes', async () => {
    const first = await boot({ imports: [defaultClient()], providers: [EventLog, AuditHooks] });
    const second = await boot({ imports: [defaultClient()], providers: [EventLog, AuditHooks] });
    const firstClient = first.get(Instructor);
    const firstLog = first.get(EventLog);

    await second.get(Instructor).hooks.emit('completion:kwargs', kwargs);
    await first.close();
    opened.splice(opened.indexOf(first), 1);
    await firstClient.hooks.emit('completion:kwargs', kwargs);

    expect(firstLog.events).toEqual([]);
    expect(second.get(EventLog).events).toEqual([
      'audit kwargs gpt-4.1-mini',
      'audit kwargs again',
    ]);
    expect(firstClient.hooks.handlerCount()).toBe(0);
    expect(second.get(Instructor).hooks.handlerCount()).toBe(3);
  });

  it("registers the hooks before an importing module's onModuleInit, so a warm-up call sees them", async () => {
    @Injectable()
    class WarmUp implements OnModuleInit {
      handlers = -1;

      constructor(@InjectInstructor() private readonly instructor: Instructor) {}

      onModuleInit(): void {
        this.handlers = this.instructor.hooks.handlerCount('completion:kwargs');
      }
    }

    const moduleRef = await boot({
      imports: [defaultClient()],
      providers: [EventLog, AuditHooks, WarmUp],
    });

    expect(moduleRef.get(WarmUp).handlers).toBe(2);
  });

  it('takes a useExisting alias and a provider given twice once', async () => {
    const moduleRef = await boot({
      imports: [defaultClient()],
      providers: [
        EventLog,
        AuditHooks,
        { provide: 'AUDIT_ALIAS', useExisting: AuditHooks },
        { provide: 'AUDIT_AGAIN', useFactory: (audit: AuditHooks) => audit, inject: [AuditHooks] },
      ],
    });

    await moduleRef.get(Instructor).hooks.emit('completion:kwargs', kwargs);

    expect(moduleRef.get(EventLog).events).toEqual([
      'audit kwargs gpt-4.1-mini',
      'audit kwargs again',
    ]);
  });

  it('registers each instance of a transient provider, one per class it is injected into', async () => {
    const moduleRef = await boot({
      imports: [defaultClient()],
      providers: [EventLog, TransientHooks, FirstTransientConsumer, SecondTransientConsumer],
    });
    const ids = [FirstTransientConsumer, SecondTransientConsumer].map(
      (consumer) => moduleRef.get(consumer).hooks.id,
    );

    await moduleRef.get(Instructor).hooks.emit('completion:kwargs', kwargs);

    expect(new Set(ids).size).toBe(2);
    expect([...moduleRef.get(EventLog).events].sort()).toEqual(
      ids.map((id) => `transient ${id} kwargs`).sort(),
    );
  });

  it('skips a request-scoped provider with a warning naming it', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);

    const moduleRef = await boot({
      imports: [defaultClient()],
      providers: [EventLog, RequestScopedHooks],
    });
    await moduleRef.get(Instructor).hooks.emit('completion:kwargs', kwargs);

    expect(moduleRef.get(Instructor).hooks.handlerCount()).toBe(0);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(
      /^RequestScopedHooks is request-scoped \(or depends on a request-scoped provider\): its @OnHook methods are not registered/,
    );
  });

  it('keeps a throwing handler from breaking the others: it is reported as a warning', async () => {
    @Injectable()
    class FailingHooks {
      constructor(private readonly log: EventLog) {}

      @OnHook('completion:kwargs')
      fail(): void {
        throw new Error('handler failed');
      }

      @OnHook('completion:kwargs')
      after(): void {
        this.log.record('after the failure');
      }
    }
    const warnings = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const moduleRef = await boot({
      imports: [defaultClient()],
      providers: [EventLog, FailingHooks],
    });

    await moduleRef.get(Instructor).hooks.emit('completion:kwargs', kwargs);

    expect(moduleRef.get(EventLog).events).toEqual(['after the failure']);
    expect(warnings).toHaveBeenCalledTimes(1);
    expect(warnings.mock.calls[0]![0]).toMatch(
      /^class-instructor: a 'completion:kwargs' hook handler threw: Error: handler failed/,
    );
    expect(warnings.mock.calls[0]![1]).toEqual({ code: HOOK_WARNING_CODE });
  });

  it("registers custom events the hooks option declares, and names one it doesn't", async () => {
    interface CacheEvents {
      'cache:hit': [key: string];
    }
    @Injectable()
    class CacheHooks {
      constructor(private readonly log: EventLog) {}

      @OnHook<CacheEvents, 'cache:hit'>('cache:hit')
      onHit(key: string): void {
        this.log.record(`cache hit ${key}`);
      }
    }

    const declared = new Hooks<CacheEvents>({ events: ['cache:hit'] });
    const moduleRef = await boot({
      imports: [defaultClient({ hooks: declared })],
      providers: [EventLog, CacheHooks],
    });
    await (moduleRef.get(Instructor).hooks as Hooks<CacheEvents>).emit('cache:hit', 'users/1');
    const error = await rejectionOf(() =>
      boot({ imports: [defaultClient()], providers: [EventLog, CacheHooks] }),
    );

    expect(moduleRef.get(EventLog).events).toEqual(['cache hit users/1']);
    expect(declared.handlerCount()).toBe(0);
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect(error.message).toMatch(
      /^CacheHooks\.onHit handles 'cache:hit', which the client's hooks do not declare: pass `hooks: new Hooks\(\{ events: \['cache:hit'\] \}\)`/,
    );
  });

  it('collects a module of the app at any depth', async () => {
    @Module({ providers: [EventLog, AuditHooks], exports: [EventLog] })
    class AuditModule {}
    @Module({ imports: [AuditModule], exports: [AuditModule] })
    class FeatureModule {}

    const moduleRef = await boot({ imports: [defaultClient(), FeatureModule] });
    await moduleRef.get(Instructor).hooks.emit('completion:kwargs', kwargs);

    expect(moduleRef.get(EventLog).events).toEqual([
      'audit kwargs gpt-4.1-mini',
      'audit kwargs again',
    ]);
  });
});
