/**
 * Provider and model data shown in messages or echoed back in re-asks: JSON text that never
 * throws (deep nesting, cycles, BigInt) and never grows past a limit.
 */
export function boundedJson(value: unknown, maxLength = 500): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    return '[a value too deeply nested or cyclic to show]';
  }
  return truncate(text ?? String(value), maxLength);
}

/** `text` cut to `maxLength` characters, with a note of how much was left out. */
export function truncate(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  return `${text.slice(0, maxLength)}… (${text.length - maxLength} more characters)`;
}
