import { isBuiltInClass, OPAQUE_BUILT_INS } from '../../src/internal';

describe('isBuiltInClass', () => {
  it.each([
    ['String', String],
    ['Number', Number],
    ['Boolean', Boolean],
    ['Date', Date],
    ['Object', Object],
    ['Array', Array],
    ['Map', Map],
    ['Set', Set],
    ['Promise', Promise],
    ['Error', Error],
    ['Uint8Array', Uint8Array],
  ])('is true for %s', (_, candidate) => {
    expect(isBuiltInClass(candidate)).toBe(true);
  });

  it('is true for Buffer, which Node writes in JavaScript', () => {
    expect(Function.prototype.toString.call(Buffer)).not.toMatch(/\[native code\]/);
    expect(isBuiltInClass(Buffer)).toBe(true);
  });

  it('is false for a user class and a user function', () => {
    class User {
      name = 'Ada';
    }
    function makeUser(): User {
      return new User();
    }
    expect(isBuiltInClass(User)).toBe(false);
    expect(isBuiltInClass(makeUser)).toBe(false);
  });

  it('is false for a user class whose source mentions native code before its end', () => {
    class Sneaky {
      note = '{ [native code] }';
      size = 1;
    }
    expect(isBuiltInClass(Sneaky)).toBe(false);
  });

  it.each([undefined, null, 'Date', 42, {}, [Date]])(
    'is false, without throwing, for %p',
    (value) => {
      expect(isBuiltInClass(value)).toBe(false);
    },
  );
});

describe('OPAQUE_BUILT_INS', () => {
  it('lists the built-ins that describe no JSON shape, Buffer included', () => {
    expect(OPAQUE_BUILT_INS).toEqual([
      Object,
      Function,
      Array,
      Map,
      Set,
      WeakMap,
      WeakSet,
      Promise,
      RegExp,
      Error,
      Symbol,
      BigInt,
      Buffer,
    ]);
  });
});
