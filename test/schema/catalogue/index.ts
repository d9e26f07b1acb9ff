import { ARRAY_CATALOGUE } from './arrays.catalogue';
import type { CatalogueEntry } from './catalogue-entry';
import { SCALAR_CATALOGUE } from './scalars.catalogue';
import { STRING_CATALOGUE } from './strings.catalogue';
import { STRUCTURE_CATALOGUE } from './structure.catalogue';

export type { CatalogueEntry } from './catalogue-entry';

/** Every catalogue model: one per row of the validator table, then the structural cases. */
export const CATALOGUE: readonly CatalogueEntry[] = [
  ...SCALAR_CATALOGUE,
  ...STRING_CATALOGUE,
  ...ARRAY_CATALOGUE,
  ...STRUCTURE_CATALOGUE,
];
