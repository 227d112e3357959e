import type { LogLevel } from './config.ts';

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

/**
 * One JSON line per entry. Callers never pass a client address or user agent:
 * the privacy test captures this sink and searches it for them.
 */
export function createLogger(
  level: LogLevel,
  write: (line: string) => void = (line) => process.stdout.write(line),
): Logger {
  const at = (lvl: Exclude<LogLevel, 'silent'>) =>
    RANK[lvl] < RANK[level]
      ? () => {}
      : (message: string, fields?: Record<string, unknown>) =>
          write(`${JSON.stringify({ time: new Date().toISOString(), level: lvl, message, ...fields })}\n`);
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/**
 * A gate for lines that a failure would otherwise repeat per request: the first passes, then at
 * most one per `intervalMs` per key, carrying how many were held back (37,243 identical error
 * lines in 4 s were seen when the disk filled).
 */
export function createLogThrottle(intervalMs = 10_000, now: () => number = Date.now) {
  const last = new Map<string, { at: number; held: number }>();
  return function pass(key: string): { suppressed: number } | null {
    const t = now();
    const entry = last.get(key);
    if (entry && t - entry.at < intervalMs) {
      entry.held++;
      return null;
    }
    last.set(key, { at: t, held: 0 });
    return { suppressed: entry?.held ?? 0 };
  };
}
