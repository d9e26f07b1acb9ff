import { ConfigurationError } from '../errors';

let checked = false;

/**
 * Decorator metadata (`design:type`, class-validator's and tsyringe's) needs the `reflect-metadata`
 * polyfill loaded before any decorated class; without it types silently go missing.
 */
export function assertReflectMetadata(): void {
  if (checked) return;
  const reflect = Reflect as unknown as Record<string, unknown>;
  if (typeof reflect.getMetadata !== 'function' || typeof reflect.defineMetadata !== 'function') {
    throw new ConfigurationError({
      message:
        "class-instructor needs the 'reflect-metadata' polyfill: add `import 'reflect-metadata';` as the first line of your entry point (before any decorated class is loaded).",
    });
  }
  checked = true;
}
