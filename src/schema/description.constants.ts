// Registry symbols (Symbol.for) so two copies of the package still read each other's metadata.

/** Reflect metadata key holding the `@Description` text of a class or of one property. */
export const DESCRIPTION_METADATA = Symbol.for('class-instructor.schema.description');

/** Reflect metadata key holding the names of the properties a prototype's `@Description`s name. */
export const DESCRIBED_PROPERTIES_METADATA = Symbol.for(
  'class-instructor.schema.described-properties',
);

/** Reflect metadata key holding the `@Example` values of a class or of one property. */
export const EXAMPLES_METADATA = Symbol.for('class-instructor.schema.examples');
