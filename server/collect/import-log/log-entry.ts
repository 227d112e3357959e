import { badRequest } from '../../errors.ts';

/** One access-log line, read but not yet judged. The address and user agent live only in memory. */
export interface LogEntry {
  /** The client address as logged ('' when the log has none); only ever hashed. */
  ip: string;
  /** Unix milliseconds, from the log's own offset. */
  ts: number;
  /** Upper-case method; '' when the request line was unreadable (a TLS handshake on port 80, "-"). */
  method: string;
  /** The request target as sent, normally `/path?query`. */
  target: string;
  status: number;
  /** '' when the log has none or "-". */
  referrer: string;
  /** Undefined when the format records none (Common Log Format); '' when the client sent none. */
  userAgent: string | undefined;
  acceptLanguage?: string;
  doNotTrack?: boolean;
  /** The Host the request was sent to, when the format records it (Caddy). */
  host?: string;
  /** The response's Content-Type, when the format records it (Caddy). */
  contentType?: string;
}

/** A line that is readable but is no request (Caddy's other loggers), with the reason to count it under. */
export interface NotAnEntry {
  skip: string;
}

/** Reads one line of a format; throws AppError (400) with a reason fit to show when it cannot. */
export type LogParser = (text: string, now: number) => LogEntry | NotAnEntry;

/** As `cairn import`: clock skew a live collector would never see, and nothing before 2000. */
const MAX_FUTURE_MS = 5 * 60_000;
const EARLIEST = Date.UTC(2000, 0, 1);

/** `label` names the value in the error: `time [10/Oct/2000:13:55:36 -0700]`. */
export function checkTime(ts: number, label: string, now: number): number {
  if (ts < EARLIEST) throw badRequest(`${label} is before 2000-01-01`);
  if (ts > now + MAX_FUTURE_MS) throw badRequest(`${label} is in the future`);
  return ts;
}

const MONTHS: Record<string, number> = { jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8, oct: 9, nov: 10, dec: 11 };
const CLF_TIME = /^(\d{2})\/([A-Za-z]{3})\/(\d{4}):(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3})\d*)? ([+-])(\d{2}):?(\d{2})$/;

/** `10/Oct/2000:13:55:36 -0700` (Apache %t, nginx $time_local) → Unix milliseconds. */
export function parseClfTime(text: string, now: number): number {
  const m = CLF_TIME.exec(text);
  const month = m ? MONTHS[m[2]!.toLowerCase()] : undefined;
  if (!m || month === undefined) throw badRequest(`time [${text}] is not dd/Mon/yyyy:hh:mm:ss ±hhmm`);
  const [day, year, hour, minute, second] = [m[1], m[3], m[4], m[5], m[6]].map(Number) as [number, number, number, number, number];
  const local = Date.UTC(year, month, day, hour, minute, second, Number((m[7] ?? '0').padEnd(3, '0')));
  const date = new Date(local);
  // Date.UTC rolls 31 Feb over into March; a log never writes that, a corrupted line might.
  if (date.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) throw badRequest(`time [${text}] is not a valid date`);
  const offset = (m[8] === '-' ? -1 : 1) * (Number(m[9]) * 60 + Number(m[10])) * 60_000;
  return checkTime(local - offset, `time [${text}]`, now);
}
