import type { ClassConstructor } from '../../../src/schema';

/**
 * One response model of the mapping catalogue: a class exercising one row of
 * src/schema/constraint-schema.table.ts (or one structural feature), with the disagreements
 * between its JSON schema and class-validator that are known and accepted.
 */
export interface CatalogueEntry {
  /** Unique; names the golden schema in catalogue.golden.test.ts. */
  readonly name: string;
  readonly model: ClassConstructor;
  /**
   * What only validation decides ("validation only"): a sample the schema accepts and
   * class-validator rejects passes when every failed class-validator constraint is listed
   * (`isEmail`); a sample the schema rejects and class-validator accepts passes when every ajv
   * error is listed, as its keyword (`format`), `required:<property>`, optionally at a JSON
   * pointer whose `*` matches one segment (`type@/home`, `required:children@/children/*`).
   */
  readonly validationOnly?: readonly string[];
}
