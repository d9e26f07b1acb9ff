import 'reflect-metadata';
import type { ChatCompletionCreateParams } from 'openai/resources/chat/completions';
import type { CompletionUsage } from 'openai/resources/completions';
import type { ValidationError } from '../../src/errors';
import { type AttemptInfo, HookName, Hooks, OnHook } from '../../src/hooks';
import { attempt, completion } from './hook-payloads';

// These tests are checked by the compiler: ts-jest type-checks this file, so each
// `@ts-expect-error` fails the suite if the error it expects ever disappears.

type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/** `exactly<T>()(value)` compiles only when `value` has exactly type `T`. */
function exactly<Expected>() {
  return <Actual>(
    value: Actual,
    ..._proof: Equal<Actual, Expected> extends true ? [] : [never]
  ): Actual => value;
}

interface AppEvents {
  'cache:hit': [key: string, ageMs: number];
}

describe('hook types', () => {
  it('gives each built-in handler its payload types', () => {
    const hooks = new Hooks()
      .on('completion:kwargs', (kwargs) => exactly<ChatCompletionCreateParams>()(kwargs))
      .on(HookName.PARSE_ERROR, (error, info) => {
        exactly<ValidationError>()(error);
        exactly<AttemptInfo>()(info);
      })
      .on('completion:usage', (usage) => exactly<CompletionUsage>()(usage))
      .on('completion:last_attempt', (error: Error) => error.message)
      // A handler may return anything; a promise is awaited.
      .on('completion:response', (response) => Promise.resolve(response.id));

    expect(hooks.handlerCount()).toBe(5);
  });

  it('rejects a handler with the wrong payload type', () => {
    const hooks = new Hooks();
    // @ts-expect-error: a completion is not a string
    hooks.on('completion:response', (response: string) => response);
    // @ts-expect-error: parse:error gives a ValidationError, whose rawText is a string
    hooks.on('parse:error', (error: { rawText: number }) => error);
    // @ts-expect-error: the attempt is an AttemptInfo
    hooks.on('completion:error', (_error: Error, attempt: number) => attempt);

    expect(hooks.handlerCount()).toBe(3);
  });

  it('rejects a wrong payload or an unknown name on emit', async () => {
    const hooks = new Hooks();
    // @ts-expect-error: completion:usage needs the attempt too
    await hooks.emit('completion:usage', {
      prompt_tokens: 1,
      completion_tokens: 1,
      total_tokens: 2,
    });
    // @ts-expect-error: a completion, not its id
    await hooks.emit('completion:response', 'chatcmpl-1');
    expect(() =>
      // @ts-expect-error: not an event of a set without custom events
      hooks.on('cache:hit', () => undefined),
    ).toThrow('Unknown hook event');
  });

  it('types custom events on a Hooks<E> and rejects unknown names', async () => {
    const hooks = new Hooks<AppEvents>({ events: ['cache:hit'] }).on('cache:hit', (key, ageMs) => {
      exactly<string>()(key);
      exactly<number>()(ageMs);
    });

    // @ts-expect-error: ageMs is a number
    await hooks.emit('cache:hit', 'user:1', '20');
    // @ts-expect-error: `events` lists keys of AppEvents only
    expect(() => new Hooks<AppEvents>({ events: ['cache:miss'] })).not.toThrow();
    expect(() =>
      // @ts-expect-error: cache:miss is not in AppEvents
      hooks.on('cache:miss', () => undefined),
    ).toThrow('Unknown hook event');
  });

  it('a Hooks<E> is accepted where a Hooks is, and combine keeps custom event types', async () => {
    const custom = new Hooks<AppEvents>({ events: ['cache:hit'] });
    const asClientOption: Hooks = custom;
    const combined = Hooks.combine(new Hooks(), custom);

    await combined.emit('cache:hit', 'user:1', 5);
    await custom.combine(asClientOption).emit('cache:hit', 'user:2', 5);
    await asClientOption.emit('completion:response', completion('a'));
    await asClientOption.emit('completion:error', new Error('x'), attempt(1));
    expect(combined.hasHandlers('cache:hit')).toBe(false);
  });

  it('checks an @OnHook method against its event payload', () => {
    class Handlers {
      @OnHook('parse:error')
      onParseError(error: ValidationError, info: AttemptInfo): string {
        return `${error.rawText} ${info.attemptNumber}`;
      }

      // @ts-expect-error: completion:usage gives CompletionUsage, not a string
      @OnHook('completion:usage')
      onUsage(usage: string): string {
        return usage;
      }

      // @ts-expect-error: not a built-in event, and no event map given
      @OnHook('cache:hit')
      onCacheHit(): void {}

      @OnHook<AppEvents, 'cache:hit'>('cache:hit')
      onTypedCacheHit(key: string, ageMs: number): string {
        return `${key} ${ageMs}`;
      }

      // @ts-expect-error: cache:hit gives (key: string, ageMs: number)
      @OnHook<AppEvents, 'cache:hit'>('cache:hit')
      onWrongCacheHit(key: number): number {
        return key;
      }
    }

    expect(Hooks.from(new Handlers()).handlerCount()).toBe(5);
  });
});
