import 'reflect-metadata';
import { ConfigurationError } from '../../src/errors';
import { Hooks } from '../../src/hooks';
import { completion } from './hook-payloads';

interface AppEvents {
  'cache:hit': [key: string, ageMs: number];
  'cache:miss': [key: string];
}

describe('custom events', () => {
  it('a Hooks<E> accepts and emits its declared events next to the built-in ones', async () => {
    const events: string[] = [];
    const hooks = new Hooks<AppEvents>({ events: ['cache:hit', 'cache:miss'] })
      .on('cache:hit', (key, ageMs) => events.push(`hit ${key} ${ageMs}ms`))
      .on('completion:response', (response) => events.push(`response ${response.id}`));

    await hooks.emit('cache:hit', 'user:1', 20);
    await hooks.emit('completion:response', completion('a'));

    expect(events).toEqual(['hit user:1 20ms', 'response a']);
    expect(hooks.hasHandlers('cache:miss')).toBe(false);
  });

  it('a custom event not listed in `events` is unknown at run time', () => {
    const hooks = new Hooks<AppEvents>({ events: ['cache:hit'] });

    expect(() => hooks.on('cache:miss', () => undefined)).toThrow(
      new ConfigurationError({
        message:
          "Unknown hook event 'cache:miss'. Valid events: completion:kwargs, completion:response, " +
          'completion:error, parse:error, completion:last_attempt, completion:usage, cache:hit.',
      }),
    );
  });

  it('combine unions the declared events of its inputs', async () => {
    const events: string[] = [];
    const cache = new Hooks<AppEvents>({ events: ['cache:hit', 'cache:miss'] });

    const combined = Hooks.combine(new Hooks(), cache).on('cache:miss', (key) =>
      events.push(`miss ${key}`),
    );
    await combined.emit('cache:miss', 'user:2');

    expect(events).toEqual(['miss user:2']);
    expect(cache.hasHandlers('cache:miss')).toBe(false);
  });

  it('copy keeps the declared events', () => {
    const copy = new Hooks<AppEvents>({ events: ['cache:hit'] }).copy();

    expect(() => copy.on('cache:hit', () => undefined)).not.toThrow();
  });

  it('rejects `events` that are not event names', () => {
    expect(() => new Hooks({ events: [''] as never[] })).toThrow(ConfigurationError);
  });

  it.each(['parse_error', 'Completion:Usage', 'audit', 'cache:'])(
    'rejects declaring %p, a near-miss of a built-in name or not of the scope:event form',
    (name) => {
      expect(() => new Hooks({ events: [name] as never[] })).toThrow(
        new RegExp(`^new Hooks\\(\\{ events \\}\\): unknown hook event '${name}'.*scope:event`),
      );
    },
  );

  it('accepts built-in names among the declared events', () => {
    expect(() => new Hooks({ events: ['parse:error'] as never[] })).not.toThrow();
  });
});
