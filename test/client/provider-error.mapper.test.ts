// What a caller finds in a ProviderError, whatever the SDK (or a gateway) failed with: the
// message, status, request id and code, and a cause from which every echoed key is gone.
import { APIConnectionError, InternalServerError } from 'openai';
import { ConfigurationError, ProviderError } from '../../src';
import {
  isCompletionBody,
  notACompletionError,
  toProviderError,
} from '../../src/client/provider-error.mapper';

const SECRET = 'my-secret-key-42';

function serverError(message: string, body: unknown = { message }): InternalServerError {
  return new InternalServerError(
    500,
    body as never,
    message,
    new Headers({ 'x-request-id': 'req_1' }),
  );
}

describe('toProviderError', () => {
  it('passes our own errors through as they are, also as the cause of an SDK error', () => {
    const own = new ConfigurationError({ message: 'This local client was closed.' });

    expect(toProviderError(own, 'local', [])).toBe(own);
    expect(toProviderError(new APIConnectionError({ cause: own }), 'local', [])).toBe(own);
  });

  it('an HTTP error: provider, status, request id and code in the error, the message quoted', () => {
    const sdk = serverError('overloaded');
    Object.assign(sdk, { code: 'server_busy' });

    const error = toProviderError(sdk, 'groq', []) as ProviderError;

    expect(ProviderError.isInstance(error)).toBe(true);
    expect(error.message).toBe('groq request failed (HTTP 500): 500 overloaded');
    expect(error.provider).toBe('groq');
    expect(error.status).toBe(500);
    expect(error.requestId).toBe('req_1');
    expect(error.code).toBe('server_busy');
  });

  it('without a status, the error kind is its name, else "error"; the detail is bounded', () => {
    const named = toProviderError(new APIConnectionError({}), 'openai', []) as ProviderError;
    const thrown = toProviderError('x'.repeat(5_000), 'openai', []) as ProviderError;

    expect(named.message).toBe('openai request failed (Error): Connection error.');
    expect(named.status).toBeUndefined();
    expect(named.code).toBeUndefined();
    expect(thrown.message.startsWith('openai request failed (error): xxx')).toBe(true);
    expect(thrown.message.length).toBeLessThan(1_100);
  });

  it('a cause without secrets is the SDK error itself', () => {
    const sdk = serverError('overloaded');

    expect((toProviderError(sdk, 'openai', [SECRET]) as ProviderError).cause).toBe(sdk);
  });

  it('a key echoed in the message, stack or body is removed from a copy of the cause', () => {
    const sdk = serverError(`Incorrect key ${SECRET}`, { message: `key ${SECRET}`, type: 'auth' });

    const error = toProviderError(sdk, 'openai', [SECRET]) as ProviderError;
    const cause = error.cause as InternalServerError;

    // The SDK's message is the body's.
    expect(error.message).toBe('openai request failed (HTTP 500): 500 key [redacted]');
    expect(cause).not.toBe(sdk);
    expect(cause).toBeInstanceOf(InternalServerError);
    expect(cause.message).toBe('500 key [redacted]');
    expect(cause.stack).not.toContain(SECRET);
    expect(cause.error).toEqual({ message: 'key [redacted]', type: 'auth' });
    expect(cause.status).toBe(500);
    expect(cause.requestID).toBe('req_1');
  });

  it('a key in the body alone, or in the stack alone, is removed too', () => {
    const inBody = serverError('denied', { message: `key ${SECRET}` });
    const inStack = serverError('denied');
    inStack.stack = `Error: denied with ${SECRET}\n    at somewhere`;

    const bodyCause = (toProviderError(inBody, 'openai', [SECRET]) as ProviderError)
      .cause as InternalServerError;
    const stackCause = (toProviderError(inStack, 'openai', [SECRET]) as ProviderError)
      .cause as InternalServerError;

    expect(bodyCause).not.toBe(inBody);
    expect(bodyCause.error).toEqual({ message: 'key [redacted]' });
    expect(stackCause).not.toBe(inStack);
    expect(stackCause.stack).toBe('Error: denied with [redacted]\n    at somewhere');
  });

  it('a body too deep or cyclic to read for secrets is replaced, never passed on unread', () => {
    const cyclic: Record<string, unknown> = { message: 'loop' };
    cyclic.self = cyclic;
    const sdk = serverError('loop', cyclic);

    const cause = (toProviderError(sdk, 'openai', [SECRET]) as ProviderError)
      .cause as InternalServerError;

    expect(cause).not.toBe(sdk);
    expect(cause.error).toBe('[an error body too deeply nested or cyclic to show]');
  });
});

describe('a 200 body that is not a completion', () => {
  it.each([
    [{ choices: [] }, true],
    [{}, true],
    [{ error: null }, true],
    [{ choices: [], error: { message: 'both' } }, true],
    [{ error: { message: 'quota' } }, false],
    [{ error: 'quota' }, false],
    [[], false],
    [null, false],
    ['text', false],
  ])('%j is read as a completion: %s', (body, expected) => {
    expect(isCompletionBody(body)).toBe(expected);
  });

  it('an error envelope becomes its message and code', () => {
    const error = notACompletionError(
      { error: { message: `bad key ${SECRET}`, code: 401 } },
      'openrouter',
      [SECRET],
    );

    expect(error.message).toBe('openrouter answered with an error (HTTP 200): bad key [redacted]');
    expect(error.code).toBe('401');
    expect(error.status).toBeUndefined();
  });

  it('an error string or an error without a message is quoted as JSON', () => {
    expect(notACompletionError({ error: 'quota exceeded' }, 'x', []).message).toBe(
      'x answered with an error (HTTP 200): quota exceeded',
    );
    expect(notACompletionError({ error: { code: 'e1' } }, 'x', []).message).toBe(
      'x answered with an error (HTTP 200): {"code":"e1"}',
    );
  });

  it('anything else is quoted, bounded', () => {
    const error = notACompletionError({ data: 'y'.repeat(1_000) }, 'x', []);

    expect(
      error.message.startsWith('x returned a body that is not a chat completion: {"data":"yyy'),
    ).toBe(true);
    expect(error.message.length).toBeLessThan(400);
    expect(error.code).toBeUndefined();
  });
});
