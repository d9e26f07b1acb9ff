import type { ValidationError as ClassValidatorError } from 'class-validator';

/**
 * Flattens class-validator's error tree into `path: message` lines, the form both the re-ask
 * prompt and error messages use (`address.zip: zip must be a string`, `tags.1: ...`).
 */
export function formatValidationErrors(errors: readonly ClassValidatorError[]): string[] {
  const lines: string[] = [];
  // Depth first, in tree order, so a nested field's lines sit next to its parent's.
  const pending = [...errors].reverse().map((error) => ({ error, parentPath: '' }));
  while (pending.length > 0) {
    const { error, parentPath } = pending.pop()!;
    const property = error.property ?? '';
    const path = parentPath && property ? `${parentPath}.${property}` : parentPath || property;
    for (const message of Object.values(error.constraints ?? {})) {
      lines.push(`${path || '(root)'}: ${message}`);
    }
    const children = error.children ?? [];
    for (let index = children.length - 1; index >= 0; index--) {
      pending.push({ error: children[index]!, parentPath: path });
    }
  }
  return lines;
}
