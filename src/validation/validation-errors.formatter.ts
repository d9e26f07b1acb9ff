import type { ValidationError as ClassValidatorError } from 'class-validator';

/**
 * Flattens class-validator's error tree into `path: message` lines, the form both the re-ask
 * prompt and error messages use (`address.zip: zip must be a string`, `tags.1: ...`).
 */
export function formatValidationErrors(errors: readonly ClassValidatorError[]): string[] {
  const lines: string[] = [];
  const pending: { error: ClassValidatorError; parentPath: string }[] = errors.map((error) => ({
    error,
    parentPath: '',
  }));
  while (pending.length > 0) {
    const { error, parentPath } = pending.shift()!;
    const path = parentPath ? `${parentPath}.${error.property}` : error.property;
    for (const message of Object.values(error.constraints ?? {})) {
      lines.push(`${path || '(root)'}: ${message}`);
    }
    for (const child of error.children ?? []) pending.push({ error: child, parentPath: path });
  }
  return lines;
}
