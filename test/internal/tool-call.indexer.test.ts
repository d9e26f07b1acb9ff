import { ToolCallIndexer } from '../../src/internal';

/** The positions an indexer gives a sequence of `[index, id]` deltas. */
function positions(deltas: ReadonlyArray<readonly [unknown, unknown]>): number[] {
  const indexer = new ToolCallIndexer();
  return deltas.map(([index, id]) => indexer.position(index, id));
}

describe('ToolCallIndexer', () => {
  describe('well-behaved servers (one index per call)', () => {
    it('numbers calls in the order their index first appears', () => {
      expect(
        positions([
          [3, 'call_a'],
          [3, undefined],
          [7, 'call_b'],
          [3, undefined],
          [7, undefined],
        ]),
      ).toEqual([0, 0, 1, 0, 1]);
    });

    it('keeps a call whose later deltas repeat its id', () => {
      expect(
        positions([
          [0, 'call_a'],
          [0, 'call_a'],
          [0, 'call_a'],
        ]),
      ).toEqual([0, 0, 0]);
    });
  });

  describe('an index that is not a whole number', () => {
    it.each([
      ['missing', undefined],
      ['null', null],
      ['a fraction', 1.5],
      ['a numeric string', '1'],
      ['NaN', Number.NaN],
    ])('reads %s as index 0', (_case, index) => {
      expect(
        positions([
          [0, 'call_a'],
          [index, undefined],
        ]),
      ).toEqual([0, 0]);
      expect(
        positions([
          [index, 'call_a'],
          [0, undefined],
        ]),
      ).toEqual([0, 0]);
    });
  });

  describe('servers that send the same index for every call', () => {
    it('starts a new call when a new id arrives at an index that holds another call', () => {
      expect(
        positions([
          [0, 'call_a'],
          [0, undefined],
          [0, 'call_b'],
          [0, undefined],
          [0, 'call_c'],
        ]),
      ).toEqual([0, 0, 1, 1, 2]);
    });

    it('the index then points at the newest call', () => {
      expect(
        positions([
          [0, 'call_a'],
          [1, 'call_b'],
          [0, 'call_c'],
          [0, undefined],
          [1, undefined],
        ]),
      ).toEqual([0, 1, 2, 2, 1]);
    });

    it('an id arriving after id-less deltas names that call, it does not start another', () => {
      expect(
        positions([
          [0, undefined],
          [0, 'call_a'],
          [0, undefined],
        ]),
      ).toEqual([0, 0, 0]);
    });

    it('the first id a call got is its id: a later new id still starts a new call', () => {
      expect(
        positions([
          [0, undefined],
          [0, 'call_a'],
          [0, 'call_b'],
        ]),
      ).toEqual([0, 0, 1]);
    });

    it.each([
      ['an empty string', ''],
      ['a number', 42],
      ['an object', { id: 'call_b' }],
    ])('an id that is %s is no id: it neither starts a call nor names one', (_case, id) => {
      expect(
        positions([
          [0, 'call_a'],
          [0, id],
          [0, undefined],
        ]),
      ).toEqual([0, 0, 0]);
      // Nor does it take the place of the call's real id, which arrives later.
      expect(
        positions([
          [0, id],
          [0, 'call_a'],
          [0, 'call_a'],
          [0, 'call_b'],
        ]),
      ).toEqual([0, 0, 0, 1]);
    });
  });
});
