/**
 * Period selection: a select of presets, ‹ › to step (also the arrow keys), two date inputs for a
 * custom range, and the comparison (off / previous period / year over year). The title, the steps
 * and the inputs start from the days on screen, which are the server's once it has answered.
 */
import { useEffect, useState } from 'preact/hooks';
import { addDays, isValidDay } from '../../../server/calendar.ts';
import { canStep, PERIOD_LABELS, periodTitle, stepPeriod, type Days } from '../state/periods.ts';
import { COMPARE_MODES, PERIODS, type CompareMode, type DashState, type Period } from '../state/url-state.ts';

const COMPARE_LABELS: Record<CompareMode, string> = {
  off: 'No comparison',
  previous_period: 'vs previous period',
  year_over_year: 'vs year before',
};

interface Props {
  state: DashState;
  /** The days on screen. */
  days: Days | null;
  today: string;
  navigate: (s: DashState) => void;
}

export function DatePicker({ state, days, today, navigate }: Props) {
  const [custom, setCustom] = useState(state.period === 'custom');
  const [from, setFrom] = useState(days?.from ?? addDays(today, -29));
  const [to, setTo] = useState(days?.to ?? today);
  useEffect(() => {
    setCustom(state.period === 'custom');
    if (days) {
      setFrom(days.from);
      setTo(days.to);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [state.period, state.from, state.to, state.date, days?.from, days?.to]);

  const choose = (value: string) => {
    if (value === 'custom') {
      setCustom(true);
      return;
    }
    setCustom(false);
    navigate({ ...state, period: value as Period, date: undefined, from: undefined, to: undefined });
  };
  const apply = (e: Event) => {
    e.preventDefault();
    if (!isValidDay(from) || !isValidDay(to)) return;
    const [a, b] = from <= to ? [from, to] : [to, from];
    navigate({ ...state, period: 'custom', from: a, to: b, date: undefined });
  };
  const realtime = state.period === 'realtime';
  const title = periodTitle(state, days, today);

  return (
    <div class="date-picker">
      {!realtime && (
        <div class="stepper" role="group" aria-label="Step period">
          <button type="button" class="btn btn-icon" aria-label="Previous period" disabled={!canStep(state, -1, days, today)} onClick={() => navigate(stepPeriod(state, -1, days, today))}>
            ‹
          </button>
          <button type="button" class="btn btn-icon" aria-label="Next period" disabled={!canStep(state, 1, days, today)} onClick={() => navigate(stepPeriod(state, 1, days, today))}>
            ›
          </button>
        </div>
      )}
      <label class="select-wrap">
        <span class="sr-only">Period</span>
        <select value={custom ? 'custom' : state.period} onChange={(e) => choose((e.target as HTMLSelectElement).value)}>
          {PERIODS.map((p) => (
            <option key={p} value={p}>
              {p === state.period && p !== 'custom' && title !== PERIOD_LABELS[p] ? title : PERIOD_LABELS[p]}
            </option>
          ))}
        </select>
      </label>
      {custom && (
        <form class="custom-range" onSubmit={apply}>
          <label>
            <span class="sr-only">From</span>
            <input type="date" value={from} max={today} required onInput={(e) => setFrom((e.target as HTMLInputElement).value)} />
          </label>
          <span aria-hidden="true">–</span>
          <label>
            <span class="sr-only">To</span>
            <input type="date" value={to} max={today} required onInput={(e) => setTo((e.target as HTMLInputElement).value)} />
          </label>
          <button type="submit" class="btn btn-primary">
            Apply
          </button>
        </form>
      )}
      {!realtime && (
        <label class="select-wrap">
          <span class="sr-only">Comparison</span>
          <select value={state.compare} onChange={(e) => navigate({ ...state, compare: (e.target as HTMLSelectElement).value as CompareMode })}>
            {COMPARE_MODES.map((m) => (
              <option key={m} value={m}>
                {COMPARE_LABELS[m]}
              </option>
            ))}
          </select>
        </label>
      )}
    </div>
  );
}
