import { ConfigurationError } from '../errors';
import { BUILT_IN_HOOK_NAMES, isBuiltInHookName } from './hook-name';

/** Separators and case are ignored when telling a near-miss of a built-in name. */
const IGNORED = /[\s_:.-]+/g;

function fold(name: string): string {
  return name.toLowerCase().replace(IGNORED, '');
}

const builtInByFolded: ReadonlyMap<string, string> = new Map(
  BUILT_IN_HOOK_NAMES.map((name) => [fold(name), name]),
);

/**
 * Throws a `ConfigurationError` unless `name` is a built-in event name or a valid custom one: the
 * `scope:event` form (text on both sides of a ':') and not a near-miss of a built-in name, which
 * would otherwise become a custom event that never fires (`'parse_error'`, `'Parse:Error'`,
 * `'completion:lastAttempt'`). `where` says who asked, e.g. `@OnHook('parse_error')`.
 */
export function assertHookEventName(name: string, where: string): void {
  if (isBuiltInHookName(name)) return;
  const builtIn = builtInByFolded.get(fold(name));
  if (builtIn === undefined && hasScopedForm(name)) return;
  const hint = builtIn === undefined ? '' : ` (did you mean '${builtIn}'?)`;
  throw new ConfigurationError({
    message:
      `${where}: unknown hook event '${name}'${hint}. Built-in events: ` +
      `${BUILT_IN_HOOK_NAMES.join(', ')}. Custom events use the \`scope:event\` form ` +
      "(e.g. 'cache:hit') and must not look like a built-in name.",
  });
}

function hasScopedForm(name: string): boolean {
  const separator = name.indexOf(':');
  return (
    separator > 0 &&
    name.slice(0, separator).trim() !== '' &&
    name.slice(separator + 1).trim() !== ''
  );
}
