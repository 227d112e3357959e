/**
 * The filter editor: what to filter (any filterable dimension, or a custom property by name), how
 * (is / is not / contains / does not contain) and the value, with suggestions from the current view.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { apiFilters, type QueryContext } from '../api/queries.ts';
import type { Goal } from '../api/types.ts';
import { useQuery } from '../api/use-query.ts';
import { apiDateRange } from '../state/periods.ts';
import { dimensionLabel, filterProblem, OP_LABELS, opsFor, type FilterOp, type FilterSpec } from '../state/dimensions.ts';
import { countryCode, valueLabel } from '../format.ts';
import { DIMENSIONS, propertyDimension, takesCountryCodes, type PanelId } from '../../../server/vocabulary/dimensions.ts';

/** The editor's groups are the panels, each with the filterable dimensions it lists. */
const PANEL_GROUPS: Array<[PanelId, string]> = [
  ['sources', 'Sources'],
  ['pages', 'Pages'],
  ['locations', 'Locations'],
  ['devices', 'Devices'],
  ['goals', 'Goals & events'],
];
const GROUPS = PANEL_GROUPS.map(([panel, group]) => [group, DIMENSIONS.filter((d) => d.filterable && d.panel === panel).map((d) => d.name)] as const);
const PROPERTY = 'property';

interface Props {
  ctx: QueryContext;
  goals: Goal[];
  onAdd: (f: FilterSpec) => void;
  onCancel: () => void;
}

export function FilterEditor({ ctx, goals, onAdd, onCancel }: Props) {
  const [choice, setChoice] = useState('visit:source');
  const [propKey, setPropKey] = useState('');
  const [op, setOp] = useState<FilterOp>('is');
  const [value, setValue] = useState('');
  const [tried, setTried] = useState(false);
  const first = useRef<HTMLSelectElement>(null);
  useEffect(() => first.current?.focus(), []);

  const dimension = choice === PROPERTY ? propertyDimension(propKey.trim()) : choice;
  const ops = opsFor(dimension);
  const finalOp = ops.includes(op) ? op : 'is';
  // Countries are stored as codes; "Germany" is accepted for "is" and turned into DE.
  const country = takesCountryCodes(dimension) && (finalOp === 'is' || finalOp === 'is_not') ? countryCode(value) : null;
  const spec: FilterSpec = { dimension, op: finalOp, value: country ?? value };
  const problem = filterProblem(spec);

  // Suggestions: the top values of this dimension in the current view (goals come from settings).
  const suggest = choice !== 'event:goal' && (choice !== PROPERTY || propKey.trim() !== '');
  const filters = apiFilters(ctx.state.filters);
  const q = useQuery(
    suggest && ctx.state.period !== 'realtime'
      ? { site_id: ctx.site, ...apiDateRange(ctx.state, ctx.today), ...(filters.length ? { filters } : {}), metrics: ['visitors'], dimensions: [dimension], pagination: { limit: 25 } }
      : null,
  );
  const options = choice === 'event:goal' ? goals.map((g) => g.name) : (q.data?.results.map((r) => r.dimensions[0]) ?? []);

  const submit = (e: Event) => {
    e.preventDefault();
    setTried(true);
    if (!problem) onAdd(spec);
  };
  return (
    <form class="filter-editor card" onSubmit={submit} onKeyDown={(e) => e.key === 'Escape' && onCancel()} aria-label="Add a filter">
      <label>
        <span class="field-label">Filter by</span>
        <select ref={first} value={choice} onChange={(e) => setChoice((e.target as HTMLSelectElement).value)}>
          {GROUPS.map(([group, dims]) => (
            <optgroup key={group} label={group}>
              {dims.map((d) => (
                <option key={d} value={d}>
                  {dimensionLabel(d)}
                </option>
              ))}
            </optgroup>
          ))}
          <option value={PROPERTY}>Custom property…</option>
        </select>
      </label>
      {choice === PROPERTY && (
        <label>
          <span class="field-label">Property name</span>
          <input type="text" value={propKey} maxLength={300} required onInput={(e) => setPropKey((e.target as HTMLInputElement).value)} />
        </label>
      )}
      <label>
        <span class="field-label">Operator</span>
        <select value={spec.op} onChange={(e) => setOp((e.target as HTMLSelectElement).value as FilterOp)}>
          {ops.map((o) => (
            <option key={o} value={o}>
              {OP_LABELS[o]}
            </option>
          ))}
        </select>
      </label>
      <label class="grow">
        <span class="field-label">Value</span>
        <input type="text" list="filter-suggestions" value={value} maxLength={2000} onInput={(e) => setValue((e.target as HTMLInputElement).value)} />
        <datalist id="filter-suggestions">
          {options.map((o) => (
            <option key={o} value={o}>
              {valueLabel(dimension, o)}
            </option>
          ))}
        </datalist>
      </label>
      <div class="editor-actions">
        <button type="submit" class="btn btn-primary">
          Add filter
        </button>
        <button type="button" class="btn btn-quiet" onClick={onCancel}>
          Cancel
        </button>
      </div>
      {tried && problem && (
        <p class="error-text" role="alert">
          {problem}
        </p>
      )}
    </form>
  );
}
