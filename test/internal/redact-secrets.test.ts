import { redactSecrets } from '../../src/internal';

describe('redactSecrets', () => {
  it('removes the given secret wherever it appears', () => {
    expect(redactSecrets('key abcd1234 and abcd1234 again', ['abcd1234'])).toBe(
      'key [redacted] and [redacted] again',
    );
  });

  it('removes anything shaped like a provider API key', () => {
    expect(redactSecrets('Incorrect API key provided: sk-proj-AbC123xyz_456. Retry.')).toBe(
      'Incorrect API key provided: [redacted]. Retry.',
    );
    expect(redactSecrets('masked sk-abc12***********wxyz here')).toBe('masked [redacted] here');
  });

  it('removes given secrets of 4 characters or more; shorter ones would blank ordinary words', () => {
    expect(redactSecrets('pin abcd, id abc, none', ['abcd', 'abc', ''])).toBe(
      'pin [redacted], id abc, none',
    );
  });

  it('with no secrets given, still removes key-shaped text only', () => {
    expect(redactSecrets('Stryker was here, key gsk_1234567890ab')).toBe(
      'Stryker was here, key [redacted]',
    );
  });

  it('leaves ordinary text alone', () => {
    expect(redactSecrets('openai request failed (HTTP 500): task-queue overloaded')).toBe(
      'openai request failed (HTTP 500): task-queue overloaded',
    );
  });
});
