import 'reflect-metadata';
import { ConfigurationError } from '../../src/errors';
import { assertReflectMetadata } from '../../src/internal';

const missingPolyfill = new ConfigurationError({
  message:
    "class-instructor needs the 'reflect-metadata' polyfill: add `import 'reflect-metadata';` as " +
    'the first line of your entry point (before any decorated class is loaded).',
});

function without(name: 'getMetadata' | 'defineMetadata', run: () => void): void {
  const reflect = Reflect as unknown as Record<string, unknown>;
  const original = reflect[name];
  reflect[name] = undefined;
  try {
    run();
  } finally {
    reflect[name] = original;
  }
}

// The check passes once per process: these tests run in order, the successful check last.
describe('assertReflectMetadata', () => {
  it('throws when Reflect.getMetadata is missing', () => {
    without('getMetadata', () => {
      expect(() => assertReflectMetadata()).toThrow(missingPolyfill);
      expect(() => assertReflectMetadata()).toThrow(ConfigurationError);
    });
  });

  it('throws when only Reflect.defineMetadata is missing', () => {
    without('defineMetadata', () => {
      expect(() => assertReflectMetadata()).toThrow(missingPolyfill);
    });
  });

  it('passes with reflect-metadata loaded, and does not check again after', () => {
    expect(() => assertReflectMetadata()).not.toThrow();

    without('getMetadata', () => {
      expect(() => assertReflectMetadata()).not.toThrow();
    });
  });
});
