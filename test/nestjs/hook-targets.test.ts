import 'reflect-metadata';
import { ConfigurationError, Hooks, OnHook } from '../../src';
import { getHookTargets } from '../../src/hooks/hook-metadata.accessor';
import { ForeignMarkedHandler } from '../fixtures/handlers/foreign-marked.handler';

// `@OnHook(event, { client })`: the client a Nest app's discovery gives each mark to.
describe('getHookTargets: the client each @OnHook mark names', () => {
  it('lists each method and event with its client, in declaration order; the default is undefined', () => {
    class Marked {
      @OnHook('completion:kwargs')
      @OnHook('completion:kwargs', { client: 'reports' })
      @OnHook('parse:error', { client: 'reports' })
      both(): void {}

      @OnHook('completion:response')
      plain(): void {}
    }

    expect(getHookTargets(Marked.prototype)).toEqual([
      { methodName: 'both', event: 'completion:kwargs', client: undefined },
      { methodName: 'both', event: 'completion:kwargs', client: 'reports' },
      { methodName: 'both', event: 'parse:error', client: 'reports' },
      { methodName: 'plain', event: 'completion:response', client: undefined },
    ]);
  });

  it("adds an override's marks to its base method's, base class first", () => {
    class Base {
      @OnHook('parse:error')
      onParseError(): void {}
    }
    class Derived extends Base {
      @OnHook('parse:error', { client: 'reports' })
      override onParseError(): void {}
    }

    expect(getHookTargets(Derived.prototype)).toEqual([
      { methodName: 'onParseError', event: 'parse:error', client: undefined },
      { methodName: 'onParseError', event: 'parse:error', client: 'reports' },
    ]);
    expect(getHookTargets(Base.prototype)).toHaveLength(1);
  });

  it('gives marks written without a client (by another copy of the package) to the default client', () => {
    expect(getHookTargets(ForeignMarkedHandler.prototype)).toEqual([
      { methodName: 'onResponse', event: 'completion:response', client: undefined },
      { methodName: 'onCacheHit', event: 'cache:hit', client: undefined },
    ]);
    expect(getHookTargets(null)).toEqual([]);
  });

  it('leaves Hooks.from() as it was: it collects every mark, whatever client it names', async () => {
    const events: string[] = [];
    class Reports {
      @OnHook('completion:kwargs', { client: 'reports' })
      onRequest(): void {
        events.push('reports kwargs');
      }
    }

    await Hooks.from(new Reports()).emit('completion:kwargs', { model: 'm', messages: [] });

    expect(events).toEqual(['reports kwargs']);
  });

  it.each([[''], [42], [null]])(
    'rejects the client name %j when the class is defined',
    (client) => {
      expect(() => OnHook('parse:error', { client: client as unknown as string })).toThrow(
        ConfigurationError,
      );
      expect(() => OnHook('parse:error', { client: client as unknown as string })).toThrow(
        /`client` names a client, a non-empty string/,
      );
    },
  );
});
