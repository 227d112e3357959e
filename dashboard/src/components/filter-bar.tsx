/** Active filters as removable chips, plus the button that opens the filter editor. */
import { useState } from 'preact/hooks';
import type { QueryContext } from '../api/queries.ts';
import type { Goal } from '../api/types.ts';
import { dimensionLabel, OP_LABELS, type FilterSpec } from '../state/dimensions.ts';
import { withFilter, withoutFilter, type DashState } from '../state/url-state.ts';
import { valueLabel } from '../format.ts';
import { FilterEditor } from './filter-editor.tsx';

export const filterText = (f: FilterSpec) => `${dimensionLabel(f.dimension)} ${OP_LABELS[f.op]} ${f.op.startsWith('contains') ? f.value : valueLabel(f.dimension, f.value)}`;

interface Props {
  ctx: QueryContext;
  navigate: (s: DashState) => void;
  goals: Goal[];
}

export function FilterBar({ ctx, navigate, goals }: Props) {
  const [editing, setEditing] = useState(false);
  const { state } = ctx;
  return (
    <div class="filter-bar">
      <ul class="chips" aria-label="Active filters">
        {state.filters.map((f, i) => {
          const text = filterText(f);
          return (
            <li key={`${f.dimension}|${f.op}|${f.value}`} class="chip">
              <span class="chip-text" title={text}>
                {text}
              </span>
              <button type="button" class="chip-x" aria-label={`Remove filter: ${text}`} onClick={() => navigate(withoutFilter(state, i))}>
                ×
              </button>
            </li>
          );
        })}
      </ul>
      {state.filters.length > 1 && (
        <button type="button" class="btn btn-quiet btn-small" onClick={() => navigate({ ...state, filters: [] })}>
          Clear all
        </button>
      )}
      <button type="button" class="btn btn-small" aria-expanded={editing} onClick={() => setEditing(!editing)}>
        + Filter
      </button>
      {editing && (
        <FilterEditor
          ctx={ctx}
          goals={goals}
          onCancel={() => setEditing(false)}
          onAdd={(f) => {
            setEditing(false);
            navigate(withFilter(state, f));
          }}
        />
      )}
    </div>
  );
}
