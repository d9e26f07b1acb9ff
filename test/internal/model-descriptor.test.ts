import { defineKeyedModelFact, defineModelFact } from '../../src/internal';

describe('model descriptor facts', () => {
  it('computes a fact once per class and returns the same value after', () => {
    const compute = jest.fn((model: abstract new () => unknown) => ({ of: model.name }));
    const nameOf = defineModelFact('test.name', compute);
    class A {}
    class B {}

    const first = nameOf(A);

    expect(nameOf(A)).toBe(first);
    expect(nameOf(B)).toEqual({ of: 'B' });
    expect(compute).toHaveBeenCalledTimes(2);
  });

  it('keeps a fact that is undefined or null (computed once all the same)', () => {
    const compute = jest.fn(() => undefined);
    const nothing = defineModelFact('test.nothing', compute);
    class A {}

    nothing(A);
    nothing(A);

    expect(compute).toHaveBeenCalledTimes(1);
  });

  it('caches nothing when the computation throws: the next use throws again', () => {
    let calls = 0;
    const failing = defineModelFact('test.failing', () => {
      calls += 1;
      throw new Error(`attempt ${calls}`);
    });
    class A {}

    expect(() => failing(A)).toThrow('attempt 1');
    expect(() => failing(A)).toThrow('attempt 2');
  });

  it('keeps facts of different names apart on the same class', () => {
    const one = defineModelFact('test.one', () => 1);
    const two = defineModelFact('test.two', () => 2);
    class A {}

    expect([one(A), two(A), one(A)]).toEqual([1, 2, 1]);
  });

  it('keeps one value per key for keyed facts, by the key string', () => {
    const compute = jest.fn((_model: unknown, key: { groups: string[] }) => key.groups.join('+'));
    const byGroups = defineKeyedModelFact(
      'test.keyed',
      (key: { groups: string[] }) => [...key.groups].sort().join(','),
      compute,
    );
    class A {}

    expect(byGroups(A, { groups: ['b', 'a'] })).toBe('b+a');
    // Same key string: the stored value, though the key object differs.
    expect(byGroups(A, { groups: ['a', 'b'] })).toBe('b+a');
    expect(byGroups(A, { groups: ['c'] })).toBe('c');
    expect(compute).toHaveBeenCalledTimes(2);
  });
});
