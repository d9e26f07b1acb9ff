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

  it('skips secrets that are not set', () => {
    expect(redactSecrets('key abcd1234', [undefined, 'abcd1234', undefined])).toBe(
      'key [redacted]',
    );
  });

  it('redacts key-shaped text for every known prefix, with - or _', () => {
    expect(
      redactSecrets(
        'sk-12345678 pk_12345678 rk-12345678 gsk_12345678 xai-12345678 fw_12345678 end',
      ),
    ).toBe('[redacted] [redacted] [redacted] [redacted] [redacted] [redacted] end');
  });

  it('leaves prefixed words with fewer than 8 characters after the dash alone', () => {
    expect(redactSecrets('run fw-update, then sk-1234567 and pk_abc')).toBe(
      'run fw-update, then sk-1234567 and pk_abc',
    );
  });

  it('needs a dash or underscore after the prefix', () => {
    expect(redactSecrets('skyline12345678 sk.12345678')).toBe('skyline12345678 sk.12345678');
  });

  it('stops the redaction at the first character a key cannot hold', () => {
    expect(redactSecrets('(sk-abcdefgh1234), sk-abcdefgh!tail')).toBe(
      '([redacted]), [redacted]!tail',
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
