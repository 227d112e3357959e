/**
 * Steady collector traffic for the reliability suite: each event has its own path, so the test
 * can check afterwards that every acknowledged (202) event is in the database, whatever happened
 * to the server meanwhile.
 */
export interface LoadReport {
  /** Paths of the events answered 202 and not dropped. */
  acked: string[];
  /** How many answers of each status; 0 for a connection that failed. */
  statuses: Record<number, number>;
  /** Milliseconds per answered request (any status), in the order they finished. */
  latencies: number[];
  /** When each of those requests was sent (Date.now()), in the same order. */
  sentAt: number[];
}

/** The latencies of the requests sent within [from, to). */
export const sentWithin = (r: LoadReport, from: number, to: number): number[] =>
  r.latencies.filter((_, i) => r.sentAt[i]! >= from && r.sentAt[i]! < to);

export interface Load {
  stop(): Promise<LoadReport>;
  /** Requests answered so far. */
  count(): number;
}

const UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';

/** Sends one event with its own path and records the outcome; resolves to the status (0: no answer). */
function sender(baseUrl: string, domain: string, report: LoadReport) {
  return async (path: string, client: number): Promise<number> => {
    const started = performance.now();
    const sent = Date.now();
    let status = 0;
    try {
      const res = await fetch(`${baseUrl}/api/event`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain', 'user-agent': UA, 'x-forwarded-for': `198.51.100.${(client % 250) + 1}` },
        body: JSON.stringify({ n: 'pageview', u: `https://${domain}${path}`, d: domain }),
      });
      status = res.status;
      const dropped = res.headers.get('x-cairn-dropped');
      await res.arrayBuffer();
      if (status === 202 && !dropped) report.acked.push(path);
    } catch {
      status = 0;
    }
    if (status !== 0) {
      report.latencies.push(performance.now() - started);
      report.sentAt.push(sent);
    }
    report.statuses[status] = (report.statuses[status] ?? 0) + 1;
    return status;
  };
}

const emptyReport = (): LoadReport => ({ acked: [], statuses: {}, latencies: [], sentAt: [] });

/** `concurrency` loops, each sending one event after another; a loop whose server is gone pauses and retries. */
export function startLoad(baseUrl: string, domain: string, options: { concurrency?: number; tag?: string; pauseMs?: number } = {}): Load {
  const { concurrency = 8, tag = 'load', pauseMs = 0 } = options;
  const report = emptyReport();
  const send = sender(baseUrl, domain, report);
  let running = true;
  let n = 0;
  const loop = async (lane: number) => {
    for (let i = 0; running; i++) {
      const status = await send(`/${tag}/${lane}/${i}`, lane);
      n++;
      if (status === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      else if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  };
  const lanes = Array.from({ length: concurrency }, (_, lane) => loop(lane));
  return {
    count: () => n,
    async stop() {
      running = false;
      await Promise.all(lanes);
      return report;
    },
  };
}

/**
 * Events at a fixed rate, each sent on time whether or not earlier ones were answered: what a
 * site's visitors do. A closed loop (startLoad) stops sending while the server stalls, so its
 * latencies hide the stall; this one's latencies show every request the stall held up.
 */
export function startSteadyLoad(baseUrl: string, domain: string, options: { perSecond?: number; tag?: string } = {}): Load {
  const { perSecond = 200, tag = 'steady' } = options;
  const report = emptyReport();
  const send = sender(baseUrl, domain, report);
  const inFlight = new Set<Promise<number>>();
  let n = 0;
  let i = 0;
  const started = Date.now();
  const timer = setInterval(() => {
    // Catch up on the ticks a busy test process missed, so the rate is kept on average.
    const due = Math.floor(((Date.now() - started) * perSecond) / 1000);
    for (; i < due; i++) {
      const sending = send(`/${tag}/${i}`, i).finally(() => {
        n++;
        inFlight.delete(sending);
      });
      inFlight.add(sending);
    }
  }, 5);
  return {
    count: () => n,
    async stop() {
      clearInterval(timer);
      await Promise.all(inFlight);
      return report;
    },
  };
}

/** The q-quantile (0..1) of a list of numbers. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** Paths acknowledged but not stored: must always be empty. */
export function missingPaths(acked: readonly string[], stored: ReadonlyArray<{ pathname: string }>): string[] {
  const have = new Set(stored.map((e) => e.pathname));
  return acked.filter((p) => !have.has(p));
}
