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

  it('leaves ordinary text alone', () => {
    expect(redactSecrets('openai request failed (HTTP 500): task-queue overloaded')).toBe(
      'openai request failed (HTTP 500): task-queue overloaded',
    );
  });
});
