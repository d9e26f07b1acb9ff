import { ConfigurationError } from '../../src/errors';
import { assertHookEventName } from '../../src/hooks/hook-event-name.validator';

const builtIns =
  'completion:kwargs, completion:response, completion:error, parse:error, ' +
  'completion:last_attempt, completion:usage';

function unknownEvent(name: string, hint = ''): ConfigurationError {
  return new ConfigurationError({
    message:
      `on('${name}'): unknown hook event '${name}'${hint}. Built-in events: ${builtIns}. ` +
      "Custom events use the `scope:event` form (e.g. 'cache:hit') and must not look like a " +
      'built-in name.',
  });
}

describe('assertHookEventName', () => {
  it.each([
    'completion:kwargs',
    'completion:response',
    'completion:error',
    'parse:error',
    'completion:last_attempt',
    'completion:usage',
  ])('accepts the built-in %p', (name) => {
    expect(() => assertHookEventName(name, `on('${name}')`)).not.toThrow();
  });

  it.each(['cache:hit', 'audit:parse_error', 'a:b', 'my app:cache hit'])(
    'accepts the custom %p, of the scope:event form',
    (name) => {
      expect(() => assertHookEventName(name, `on('${name}')`)).not.toThrow();
    },
  );

  it('throws a ConfigurationError', () => {
    expect(() => assertHookEventName('parse_error', 'x')).toThrow(ConfigurationError);
    expect(() => assertHookEventName('cache', 'x')).toThrow(ConfigurationError);
  });

  describe('a near-miss of a built-in name, whatever its case and separators', () => {
    it.each([
      ['parse_error', 'parse:error'],
      ['parse-error', 'parse:error'],
      ['parse.error', 'parse:error'],
      ['parse error', 'parse:error'],
      ['parseError', 'parse:error'],
      ['PARSE:ERROR', 'parse:error'],
      ['parse::error', 'parse:error'],
      ['parse:_-error', 'parse:error'],
      ['completion:kwargs ', 'completion:kwargs'],
      ['Completion:Response', 'completion:response'],
      ['completion_error', 'completion:error'],
      ['completion:lastAttempt', 'completion:last_attempt'],
      ['completionUsage', 'completion:usage'],
    ])('rejects %p, naming %p', (name, builtIn) => {
      expect(() => assertHookEventName(name, `on('${name}')`)).toThrow(
        unknownEvent(name, ` (did you mean '${builtIn}'?)`),
      );
    });
  });

  describe('a custom name not of the scope:event form', () => {
    it.each(['cache', 'cache-hit', ':hit', ' :hit', '\t:hit', 'cache:', 'cache: ', ' : '])(
      'rejects %p without a hint',
      (name) => {
        expect(() => assertHookEventName(name, `on('${name}')`)).toThrow(unknownEvent(name));
      },
    );
  });

  it('does not take a custom name sharing a built-in’s letters in another order as a near-miss', () => {
    expect(() => assertHookEventName('error:parse', "on('error:parse')")).not.toThrow();
  });
});
