import { badRequest } from '../../errors.ts';
import { parseClfTime, type LogEntry } from './log-entry.ts';

// A quoted field as Apache and nginx write it: `"` and `\` inside are escaped with a backslash.
const QUOTED = String.raw`"((?:[^"\\]|\\.)*)"`;
// host ident authuser [time] "request" status bytes
const COMMON_PART = String.raw`^(\S+) \S+ \S+ \[([^\]]+)\] ${QUOTED} (\d{3}) (?:\d+|-)`;
const COMMON = new RegExp(`${COMMON_PART}\\s*$`);
// Combined adds "referer" "user-agent"; nginx setups often append more fields, which are ignored.
const COMBINED = new RegExp(`${COMMON_PART} ${QUOTED} ${QUOTED}(?:\\s.*)?$`);
const COMMON_SHAPE = 'host ident user [time] "request" status bytes';

/** NCSA Common Log Format: no referrer and no user agent. */
export function parseCommonLine(text: string, now: number): LogEntry {
  const m = COMMON.exec(text);
  if (!m) {
    const hint = COMBINED.test(text) ? ' (this looks like the combined format: use --format combined)' : '';
    throw badRequest(`not in the common log format (${COMMON_SHAPE})${hint}`);
  }
  return entry(m, now, '', undefined);
}

/** Combined Log Format, the default of nginx and Apache: common plus "referer" "user-agent". */
export function parseCombinedLine(text: string, now: number): LogEntry {
  const m = COMBINED.exec(text);
  if (!m) {
    const hint = COMMON.test(text) ? ' (no referrer and user agent: use --format common)' : '';
    throw badRequest(`not in the combined log format (${COMMON_SHAPE} "referer" "user-agent")${hint}`);
  }
  return entry(m, now, dash(unescape(m[5]!)), dash(unescape(m[6]!)));
}

function entry(m: RegExpExecArray, now: number, referrer: string, userAgent: string | undefined): LogEntry {
  const ts = parseClfTime(m[2]!, now);
  // "GET /path HTTP/1.1", or "GET /path" from HTTP/0.9; anything else ("-", a TLS handshake) is no request.
  const request = unescape(m[3]!).split(' ');
  const readable = (request.length === 2 || request.length === 3) && /^[A-Z]+$/.test(request[0]!);
  return {
    ip: dash(m[1]!),
    ts,
    method: readable ? request[0]! : '',
    target: readable ? request[1]! : '',
    status: Number(m[4]),
    referrer,
    userAgent,
  };
}

const dash = (value: string) => (value === '-' ? '' : value);

/** Undoes Apache's and nginx's escapes: `\"`, `\\` and `\xHH` bytes (UTF-8 when a run of them spells it). */
export function unescape(field: string): string {
  if (!field.includes('\\')) return field;
  return field.replace(/(?:\\x[0-9a-fA-F]{2}|\\.)+/g, (run) => {
    const bytes: number[] = [];
    for (let i = 0; i < run.length; i += 2) {
      if (run[i + 1] === 'x' && /^[0-9a-fA-F]{2}$/.test(run.slice(i + 2, i + 4))) {
        bytes.push(parseInt(run.slice(i + 2, i + 4), 16));
        i += 2;
      } else {
        bytes.push(...Buffer.from(run[i + 1]!));
      }
    }
    return Buffer.from(bytes).toString('utf8');
  });
}
