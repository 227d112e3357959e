import { describe, expect, it } from 'vitest';
import { PROTOTYPE_NAMES } from '../../../tests/helpers/prototype-names.ts';
import { dimensionLabel, filterProblem, isFilterDimension } from './dimensions.ts';

describe('dimension names', () => {
  it('labels the built-in dimensions and custom properties', () => {
    expect(dimensionLabel('visit:source')).toBe('Source');
    expect(dimensionLabel('event:props:plan')).toBe('Property plan');
  });

  it('treats names like Object.prototype members as names, never as the object’s own members', () => {
    for (const name of PROTOTYPE_NAMES) {
      expect(dimensionLabel(name), name).toBe(name);
      expect(isFilterDimension(name), name).toBe(false);
      expect(dimensionLabel(`event:props:${name}`), name).toBe(`Property ${name}`);
      expect(filterProblem({ dimension: `event:props:${name}`, op: 'is', value: name }), name).toBeNull();
    }
  });
});
