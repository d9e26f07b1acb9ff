import 'reflect-metadata';
import { ConfigurationError } from '../../src/errors';
import { Hooks } from '../../src/hooks';
import { ForeignMarkedHandler } from '../fixtures/handlers/foreign-marked.handler';
import { completion } from './hook-payloads';

type HooksModule = typeof import('../../src/hooks');

/** A second, separately loaded copy of the hooks module, as when two versions are installed. */
function loadOtherCopy(): HooksModule {
  let other: HooksModule | undefined;
  jest.isolateModules(() => {
    other = jest.requireActual<HooksModule>('../../src/hooks');
  });
  return other!;
}

describe('Hooks identity across copies of the package', () => {
  it('isInstance recognises a Hooks and nothing else', () => {
    expect(Hooks.isInstance(new Hooks())).toBe(true);
    expect(Hooks.isInstance(new Hooks().copy())).toBe(true);
    expect(Hooks.isInstance({})).toBe(false);
    expect(Hooks.isInstance(null)).toBe(false);
    expect(Hooks.isInstance({ on: () => undefined, emit: () => undefined })).toBe(false);
  });

  it('keeps its marker out of keys and spreads', () => {
    expect(Object.keys(new Hooks())).toEqual([]);
    expect(Hooks.isInstance({ ...new Hooks() })).toBe(false);
  });

  it('Hooks.from reads @OnHook marks written under the registry keys', async () => {
    const handler = new ForeignMarkedHandler();
    const hooks = Hooks.from(handler);

    await hooks.emit('completion:response', completion('a'));
    await (hooks as unknown as Hooks<{ 'cache:hit': [key: string] }>).emit('cache:hit', 'user:1');

    expect(handler.events).toEqual(['response a', 'hit user:1']);
  });

  it('Hooks.from rejects a hand-written mark with an unknown event name', () => {
    class TypoHandler {
      onParseError(): void {}
    }
    Reflect.defineMetadata(
      Symbol.for('class-instructor.hooks.methods'),
      ['onParseError'],
      TypoHandler.prototype,
    );
    Reflect.defineMetadata(
      Symbol.for('class-instructor.hooks.events'),
      ['parse_error'],
      TypoHandler.prototype,
      'onParseError',
    );

    expect(() => Hooks.from(new TypoHandler())).toThrow(ConfigurationError);
    expect(() => Hooks.from(new TypoHandler())).toThrow(
      "Hooks.from(): unknown hook event 'parse_error'",
    );
  });

  describe('with a second copy loaded', () => {
    const other = loadOtherCopy();

    it('is a different class, yet isInstance recognises its sets both ways', () => {
      const foreign = new other.Hooks();

      expect(other.Hooks).not.toBe(Hooks);
      expect(foreign instanceof Hooks).toBe(false);
      expect(Hooks.isInstance(foreign)).toBe(true);
      expect(other.Hooks.isInstance(new Hooks())).toBe(true);
    });

    it('combines and copies a set of the other copy, custom events included', async () => {
      const events: string[] = [];
      const foreign = new other.Hooks<{ 'cache:hit': [key: string] }>({ events: ['cache:hit'] })
        .on('completion:response', (response) => events.push(`foreign ${response.id}`))
        .on('cache:hit', (key) => events.push(`foreign hit ${key}`));
      const local = new Hooks().on('completion:response', (response) =>
        events.push(`local ${response.id}`),
      );

      // The same declarations, so TypeScript takes the other copy's class for this one.
      const combined = Hooks.combine(local, foreign);
      await combined.emit('completion:response', completion('a'));
      await combined.emit('cache:hit', 'user:1');

      expect(events).toEqual(['local a', 'foreign a', 'foreign hit user:1']);
      expect(foreign.handlerCount()).toBe(2);
      expect(Hooks.isInstance(local.combine(foreign))).toBe(true);
    });

    it('collects handlers decorated by the other copy', async () => {
      class OtherCopyHandler {
        readonly events: string[] = [];

        @other.OnHook('completion:response')
        onResponse(response: { id: string }): void {
          this.events.push(`response ${response.id}`);
        }
      }
      const handler = new OtherCopyHandler();

      await Hooks.from(handler).emit('completion:response', completion('a'));

      expect(handler.events).toEqual(['response a']);
    });
  });
});
