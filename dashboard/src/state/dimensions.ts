/**
 * The filters a person can set: on which dimensions, with which operators, and why the server would
 * refuse one. The dimensions and their labels are the server's table (server/vocabulary/dimensions.ts).
 */
import { dimensionDef, isFilterable, isPropertyDimension, propertyKey, takesCountryCodes } from '../../../server/vocabulary/dimensions.ts';

export const isFilterDimension = (dimension: string) =>
  isFilterable(dimension) ||
  (isPropertyDimension(dimension) && propertyKey(dimension) !== '' && propertyKey(dimension).length <= 300);

export function dimensionLabel(dimension: string): string {
  if (isPropertyDimension(dimension)) return `Property ${propertyKey(dimension)}`;
  return dimensionDef(dimension)?.label ?? dimension;
}

export type FilterOp = 'is' | 'is_not' | 'contains' | 'contains_not';
export const FILTER_OPS: FilterOp[] = ['is', 'is_not', 'contains', 'contains_not'];
export const OP_LABELS: Record<FilterOp, string> = {
  is: 'is',
  is_not: 'is not',
  contains: 'contains',
  contains_not: 'does not contain',
};

/** Operators the server accepts for a dimension (goals are names: only is / contains). */
export const opsFor = (dimension: string): FilterOp[] => (dimension === 'event:goal' ? ['is', 'contains'] : FILTER_OPS);

export interface FilterSpec {
  dimension: string;
  op: FilterOp;
  value: string;
}

/** Why the server would refuse this filter, in words for the filter editor; null when fine. */
export function filterProblem(f: FilterSpec): string | null {
  if (!isFilterDimension(f.dimension)) return 'Choose what to filter by.';
  if (!opsFor(f.dimension).includes(f.op)) return `${dimensionLabel(f.dimension)} can only be filtered with “is” or “contains”.`;
  if (f.value.length > 2000) return 'The value is longer than 2,000 characters.';
  if (takesCountryCodes(f.dimension) && (f.op === 'is' || f.op === 'is_not') && !/^[A-Za-z]{2}$/.test(f.value)) {
    return 'Use a two-letter country code such as DE or US.';
  }
  if ((f.op === 'contains' || f.op === 'contains_not') && f.value === '') return 'Type the text to look for.';
  return null;
}
