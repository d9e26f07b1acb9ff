import { addUsage, emptyUsage } from '../../src/retry';

describe('usage', () => {
  it('sums the three counts and returns a new object', () => {
    const total = emptyUsage();
    const next = addUsage(total, { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 });
    expect(next).toEqual({ prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 });
    expect(total).toEqual({ prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 });
  });

  it('treats a missing usage as zero', () => {
    const total = { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 };
    expect(addUsage(total, undefined)).toEqual(total);
  });

  it('sums detail counts field by field', () => {
    const first = addUsage(emptyUsage(), {
      prompt_tokens: 1,
      completion_tokens: 1,
      total_tokens: 2,
      completion_tokens_details: { reasoning_tokens: 4 },
    });
    const second = addUsage(first, {
      prompt_tokens: 1,
      completion_tokens: 1,
      total_tokens: 2,
      completion_tokens_details: { reasoning_tokens: 1, audio_tokens: 2 },
      prompt_tokens_details: { cached_tokens: 7 },
    });
    expect(second.completion_tokens_details).toEqual({ reasoning_tokens: 5, audio_tokens: 2 });
    expect(second.prompt_tokens_details).toEqual({ cached_tokens: 7 });
  });
});
