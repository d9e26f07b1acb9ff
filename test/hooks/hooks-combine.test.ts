import 'reflect-metadata';
import { ConfigurationError } from '../../src/errors';
import { Hooks } from '../../src/hooks';
import { completion } from './hook-payloads';

function recorder(events: string[], label: string) {
  return (response: { id: string }): number => events.push(`${label} ${response.id}`);
}

describe('Hooks.combine and copy', () => {
  it('a.combine(b) runs a then b for each event and leaves both unchanged', async () => {
    const events: string[] = [];
    const client = new Hooks().on('completion:response', recorder(events, 'client'));
    const call = new Hooks()
      .on('completion:response', recorder(events, 'call'))
      .on('parse:error', () => undefined);

    const combined = client.combine(call);
    await combined.emit('completion:response', completion('a'));

    expect(events).toEqual(['client a', 'call a']);
    expect(combined).not.toBe(client);
    expect(combined.handlerCount()).toBe(3);
    expect(client.handlerCount()).toBe(1);
    expect(call.handlerCount()).toBe(2);
  });

  it('Hooks.combine(a, b, c) keeps argument order and duplicates', async () => {
    const events: string[] = [];
    const shared = recorder(events, 'shared');
    const a = new Hooks().on('completion:response', shared);
    const b = new Hooks().on('completion:response', recorder(events, 'b'));
    const c = new Hooks().on('completion:response', shared);

    await Hooks.combine(a, b, c).emit('completion:response', completion('x'));

    expect(events).toEqual(['shared x', 'b x', 'shared x']);
  });

  it('Hooks.combine() with no sets is an empty set', () => {
    expect(Hooks.combine().handlerCount()).toBe(0);
  });

  it('changing the combined set does not change its inputs, nor the reverse', async () => {
    const events: string[] = [];
    const client = new Hooks().on('completion:response', recorder(events, 'client'));
    const combined = Hooks.combine(client, new Hooks());

    combined.on('completion:response', recorder(events, 'added to combined'));
    client.clear();
    await combined.emit('completion:response', completion('a'));

    expect(events).toEqual(['client a', 'added to combined a']);
    expect(client.handlerCount()).toBe(0);
  });

  it('copy() clones: the copy and the original change independently', async () => {
    const events: string[] = [];
    const original = new Hooks().on('completion:response', recorder(events, 'original'));

    const copy = original.copy().on('completion:response', recorder(events, 'copy only'));
    original.on('parse:error', () => undefined);

    expect(copy).not.toBe(original);
    expect(original.handlerCount('completion:response')).toBe(1);
    expect(copy.hasHandlers('parse:error')).toBe(false);
    await copy.emit('completion:response', completion('c'));
    expect(events).toEqual(['original c', 'copy only c']);
  });

  it('rejects something that is not a Hooks', () => {
    expect(() => Hooks.combine(new Hooks(), {} as Hooks)).toThrow(
      'Hooks.combine() takes Hooks instances',
    );
  });

  it.each([
    [undefined, 'undefined'],
    [null, 'null'],
    ['hooks', 'string'],
  ])('rejects %p, naming what it got', (value, got) => {
    expect(() => new Hooks().combine(value as unknown as Hooks)).toThrow(
      new ConfigurationError({ message: `Hooks.combine() takes Hooks instances, got ${got}.` }),
    );
    expect(Hooks.isInstance(value)).toBe(false);
  });

  describe('a set of another copy of the package, known by its registry marker', () => {
    const marker = Symbol.for('class-instructor.Hooks');

    function foreignSet(events: string[]): object {
      const contents = {
        events: ['cache:hit'],
        handlers: [
          ['completion:response', [recorder(events, 'foreign')]],
          ['cache:hit', [(key: string) => events.push(`foreign hit ${key}`)]],
        ],
      };
      return Object.defineProperty({}, marker, { value: () => contents });
    }

    it('is combined like a local set, custom events included', async () => {
      const events: string[] = [];
      const local = new Hooks().on('completion:response', recorder(events, 'local'));
      const foreign = foreignSet(events) as Hooks<{ 'cache:hit': [key: string] }>;

      const combined = local.combine(foreign);
      await combined.emit('completion:response', completion('a'));
      await combined.emit('cache:hit', 'user:1');

      expect(Hooks.isInstance(foreign)).toBe(true);
      expect(events).toEqual(['local a', 'foreign a', 'foreign hit user:1']);
    });

    it('is not recognised on a function, even one carrying the marker', () => {
      const marked = Object.defineProperty(() => undefined, marker, {
        value: () => ({ events: [], handlers: [] }),
      });

      expect(Hooks.isInstance(marked)).toBe(false);
      expect(() => Hooks.combine(marked as unknown as Hooks)).toThrow(
        'Hooks.combine() takes Hooks instances, got function.',
      );
    });
  });
});

describe('new Hooks({ events })', () => {
  const invalidEvents = new ConfigurationError({
    message: 'Hooks: `events` must be an array of non-empty event names.',
  });

  it.each([
    ['a string', 'cache:hit'],
    ['an empty name', ['cache:hit', '']],
    ['a nested array', [['cache:hit']]],
    ['an array-like object', [{ length: 9 }]],
    ['a number', [7]],
  ])('rejects %s', (_, events) => {
    expect(() => new Hooks({ events: events as never })).toThrow(invalidEvents);
  });
});
