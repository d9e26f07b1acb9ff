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

  it('adds no detail keys when neither side has details', () => {
    const sum = addUsage(emptyUsage(), { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 });

    expect(Object.keys(sum)).toEqual(['prompt_tokens', 'completion_tokens', 'total_tokens']);
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

describe('usage off the wire', () => {
  const counts = { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 };

  it('counts a count that is not a finite number as zero', () => {
    const sum = addUsage(counts, {
      prompt_tokens: '5',
      completion_tokens: Infinity,
      total_tokens: NaN,
    } as never);

    expect(sum).toEqual(counts);
  });

  it('keeps the details of earlier responses when a later one sends null details', () => {
    const total = { ...counts, prompt_tokens_details: { cached_tokens: 2 } };

    const sum = addUsage(total, { ...counts, prompt_tokens_details: null } as never);

    expect(sum.prompt_tokens_details).toEqual({ cached_tokens: 2 });
    expect(sum).not.toHaveProperty('completion_tokens_details');
  });

  it('skips detail fields that are not finite numbers', () => {
    const sum = addUsage({ ...counts, completion_tokens_details: { reasoning_tokens: 3 } }, {
      ...counts,
      completion_tokens_details: {
        reasoning_tokens: '4',
        audio_tokens: Infinity,
        accepted_prediction_tokens: NaN,
        rejected_prediction_tokens: 1,
      },
    } as never);

    expect(sum.completion_tokens_details).toEqual({
      reasoning_tokens: 3,
      rejected_prediction_tokens: 1,
    });
  });

  it('reads detail keys off the wire as plain counts, never as the prototype', () => {
    const details = JSON.parse('{"__proto__": 9, "toString": 2, "cached_tokens": 1}') as object;

    const sum = addUsage(emptyUsage(), { ...counts, prompt_tokens_details: details });

    expect(sum.prompt_tokens_details).toEqual({ toString: 2, cached_tokens: 1 });
    expect(Object.getPrototypeOf(sum.prompt_tokens_details)).toBe(Object.prototype);
  });
});
