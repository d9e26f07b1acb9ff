import 'reflect-metadata';
import OpenAI from 'openai';
import { container as globalContainer, type DependencyContainer } from 'tsyringe';
import { Instructor, registerInstructor } from '../../src';
import { AuditHooks } from '../fixtures/di/audit.hooks';
import { EventLog } from '../fixtures/di/event-log';
import { MetricsHooks } from '../fixtures/di/metrics.hooks';

/** An SDK instance no test sends anything through. */
function unusedOpenAI(): OpenAI {
  return new OpenAI({ apiKey: 'sk-unit-test', baseURL: 'http://127.0.0.1:9/v1' });
}

/** Runs the client-level `completion:kwargs` hooks of the client `container` resolves. */
async function sendFrom(container: DependencyContainer, model: string): Promise<void> {
  await container.resolve(Instructor).hooks.emit('completion:kwargs', { model, messages: [] });
}

describe('registerInstructor: handler instances in child containers, whenever they were created', () => {
  let root: DependencyContainer;
  let log: EventLog;

  beforeEach(() => {
    root = globalContainer.createChildContainer();
    log = new EventLog();
    root.register(EventLog, { useValue: log });
  });

  /** A child of `root` made first, then the client registered in `root` with the audit handler. */
  function childCreatedBeforeRegistration(): DependencyContainer {
    const early = root.createChildContainer();
    registerInstructor(root, {
      model: 'openai/gpt-4.1-mini',
      client: unusedOpenAI(),
      handlers: [AuditHooks],
    });
    return early;
  }

  it.each(['child', 'parent'])(
    'gives a child created before registerInstructor its own handler, built with its own dependencies (%s resolves first)',
    async (first) => {
      const early = childCreatedBeforeRegistration();
      const childLog = new EventLog();
      early.register(EventLog, { useValue: childLog });

      if (first === 'child') {
        await sendFrom(early, 'child model');
        await sendFrom(root, 'parent model');
      } else {
        await sendFrom(root, 'parent model');
        await sendFrom(early, 'child model');
      }

      expect(log.events).toEqual(['audit kwargs parent model']);
      expect(childLog.events).toEqual(['audit kwargs child model']);
      expect(early.resolve(AuditHooks)).not.toBe(root.resolve(AuditHooks));
      expect(early.resolve(AuditHooks)).toBe(early.resolve(AuditHooks));
      expect(early.resolve(AuditHooks).log).toBe(childLog);
      expect(root.resolve(AuditHooks).log).toBe(log);
    },
  );

  it("gives a grandchild of an early child its own handler; each client calls its own container's", async () => {
    const early = childCreatedBeforeRegistration();
    const grandchild = early.createChildContainer();
    const grandchildLog = new EventLog();
    grandchild.register(EventLog, { useValue: grandchildLog });

    await sendFrom(grandchild, 'grandchild model');
    await sendFrom(early, 'early model');
    await sendFrom(root, 'parent model');

    expect(grandchildLog.events).toEqual(['audit kwargs grandchild model']);
    expect(log.events).toEqual(['audit kwargs early model', 'audit kwargs parent model']);
    const instances = [grandchild, early, root].map((container) => container.resolve(AuditHooks));
    expect(new Set(instances).size).toBe(3);
    expect(instances.map((instance) => instance.log)).toEqual([grandchildLog, log, log]);
  });

  it('gives an early child that registers the client again its own handler instances', async () => {
    const early = childCreatedBeforeRegistration();
    const childLog = new EventLog();
    early.register(EventLog, { useValue: childLog });

    registerInstructor(early, {
      model: 'openai/gpt-4.1',
      client: unusedOpenAI(),
      handlers: [AuditHooks, MetricsHooks],
    });
    await sendFrom(root, 'parent model');
    await sendFrom(early, 'child model');

    expect(log.events).toEqual(['audit kwargs parent model']);
    expect(childLog.events).toEqual(['audit kwargs child model', 'metrics request']);
    expect(early.resolve(AuditHooks)).not.toBe(root.resolve(AuditHooks));
    expect(early.resolve(AuditHooks).log).toBe(childLog);
    expect(early.resolve(MetricsHooks).log).toBe(childLog);
    expect(root.resolve(AuditHooks).log).toBe(log);
    expect(early.resolve(Instructor).model).toBe('gpt-4.1');
    expect(root.resolve(Instructor).model).toBe('gpt-4.1-mini');
  });

  it("keeps a parent's own registration of a handler class for a child registering later", async () => {
    root.registerSingleton(AuditHooks);
    const singleton = root.resolve(AuditHooks);
    const child = root.createChildContainer();
    const childLog = new EventLog();
    child.register(EventLog, { useValue: childLog });

    registerInstructor(child, {
      model: 'openai/gpt-4.1-mini',
      client: unusedOpenAI(),
      handlers: [AuditHooks],
    });
    await sendFrom(child, 'child model');

    expect(child.resolve(AuditHooks)).toBe(singleton);
    expect(log.events).toEqual(['audit kwargs child model']);
    expect(childLog.events).toEqual([]);
  });
});
