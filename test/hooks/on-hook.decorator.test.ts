import 'reflect-metadata';
import { ConfigurationError } from '../../src/errors';
import { Hooks, OnHook } from '../../src/hooks';
import { AsyncHandler } from '../fixtures/handlers/async.handler';
import { AuditHandler } from '../fixtures/handlers/audit.handler';
import { CacheHandler, type CacheEvents } from '../fixtures/handlers/custom-event.handler';
import { DeclarationOrderHandler } from '../fixtures/handlers/declaration-order.handler';
import {
  BaseAuditHandler,
  InheritedAuditHandler,
  RemarkedAuditHandler,
} from '../fixtures/handlers/inherited.handler';
import { LabelledHandler } from '../fixtures/handlers/labelled.handler';
import { NoHooksHandler } from '../fixtures/handlers/no-hooks.handler';
import { StackedHandler } from '../fixtures/handlers/stacked.handler';
import { WrappedMethodHandler } from '../fixtures/handlers/wrapped-method.handler';
import { attempt, completion, validationError } from './hook-payloads';

describe('@OnHook and Hooks.from', () => {
  it('collects the marked methods bound to their instance', async () => {
    const audit = new AuditHandler();
    const hooks = Hooks.from(audit);

    await hooks.emit('completion:response', completion('chatcmpl-7'));
    await hooks.emit('parse:error', validationError('age must be an integer'), attempt(1));

    expect(audit.events).toEqual(['response chatcmpl-7', 'parse:error age must be an integer #1']);
  });

  it('registers a method once for each stacked @OnHook', async () => {
    const handler = new StackedHandler();
    const hooks = Hooks.from(handler);

    await hooks.emit('completion:error', new Error('HTTP 500'), attempt(1));
    await hooks.emit('parse:error', validationError('bad json'), attempt(2));
    await hooks.emit('completion:last_attempt', validationError('bad json'), attempt(3));

    expect(handler.events).toEqual(['HTTP 500 #1', 'bad json #2', 'bad json #3']);
    expect(hooks.handlerCount()).toBe(3);
  });

  it('orders handlers of one event by declaration, not by name', async () => {
    const handler = new DeclarationOrderHandler();

    await Hooks.from(handler).emit('completion:response', completion('a'));

    expect(handler.events).toEqual(['second', 'first', 'third']);
  });

  it('collects inherited methods, the base class first', async () => {
    const base = new BaseAuditHandler();
    await Hooks.from(base).emit('completion:response', completion('a'));
    expect(base.events).toEqual(['base response', 'base describe']);

    const inherited = new InheritedAuditHandler();
    await Hooks.from(inherited).emit('completion:response', completion('a'));
    expect(inherited.events).toEqual(['base response', 'override describe', 'own response']);
  });

  it('calls an unmarked override under its base method’s events', async () => {
    const inherited = new InheritedAuditHandler();

    await Hooks.from(inherited).emit('completion:error', new Error('x'), attempt(1));

    expect(inherited.events).toEqual(['override describe']);
  });

  it('re-marking an override adds its new events without registering it twice', async () => {
    const remarked = new RemarkedAuditHandler();
    const hooks = Hooks.from(remarked);

    await hooks.emit('completion:response', completion('a'));
    await hooks.emit('parse:error', validationError(), attempt(1));
    await hooks.emit('completion:error', new Error('x'), attempt(1));

    expect(remarked.events).toEqual([
      'base response',
      'remarked describe',
      'remarked describe',
      'remarked describe',
    ]);
    expect(hooks.handlerCount('completion:response')).toBe(2);
  });

  it('keeps the hook when another method decorator wraps the method, on either side', async () => {
    const handler = new WrappedMethodHandler();

    await Hooks.from(handler).emit('completion:response', completion('a'));

    expect(handler.events).toEqual([
      'traced outer',
      'wrapped after',
      'traced inner',
      'wrapped before',
    ]);
  });

  it('awaits an async @OnHook method before the next one', async () => {
    const handler = new AsyncHandler();

    await Hooks.from(handler).emit('completion:response', completion('a'));

    expect(handler.events).toEqual(['slow start', 'slow end', 'fast']);
  });

  it('collects several instances in argument order, each bound to itself', async () => {
    const log: string[] = [];
    const hooks = Hooks.from(
      new LabelledHandler('audit', log),
      new LabelledHandler('metrics', log),
    );

    await hooks.emit('completion:response', completion('a'));

    expect(log).toEqual(['audit', 'metrics']);
  });

  it('declares the custom events of collected methods', async () => {
    const handler = new CacheHandler();
    const hooks = Hooks.from<CacheEvents>(handler);

    await hooks.emit('cache:hit', 'user:1', 12);
    await hooks.emit('completion:response', completion('a'));

    expect(handler.events).toEqual(['hit user:1 12', 'response']);
  });

  it('gives an ordinary Hooks to combine with others', async () => {
    const audit = new AuditHandler();
    const hooks = new Hooks().on('completion:response', () => audit.events.push('plain'));

    await hooks.combine(Hooks.from(audit)).emit('completion:response', completion('a'));

    expect(audit.events).toEqual(['plain', 'response a']);
  });

  it('returns an empty set for an object without @OnHook methods', () => {
    expect(Hooks.from(new NoHooksHandler(), {}).handlerCount()).toBe(0);
    expect(Hooks.from().handlerCount()).toBe(0);
  });

  it('rejects a class passed instead of an instance', () => {
    expect(() => Hooks.from(AuditHandler)).toThrow(
      new ConfigurationError({
        message:
          'Hooks.from() takes instances, got the class AuditHandler: pass `new AuditHandler()` ' +
          'or the instance your container resolved.',
      }),
    );
  });

  it('rejects @OnHook on a static method', () => {
    expect(() => {
      class StaticHandler {
        @OnHook('completion:response')
        static onResponse(): void {}
      }
      return StaticHandler;
    }).toThrow(
      "@OnHook('completion:response') decorates instance methods; StaticHandler.onResponse is static.",
    );
  });
});
