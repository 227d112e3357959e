import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { createLogThrottle, type Logger } from './log.ts';

/** The one error type a handler throws; its message is safe to show the client. */
export class AppError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const badRequest = (message: string, code = 'bad_request') => new AppError(400, code, message);

/**
 * A client that hangs up before its body is complete (a closed tab, a lost mobile connection, a
 * proxy's timeout): routine for a public collector and nothing an operator can act on, so never
 * a 500 with a stack. Nobody reads the answer; the status only keeps the log line honest.
 */
export const clientClosed = () => new AppError(400, 'aborted', 'the client closed the connection before the body arrived');

/** The request's own connection error, rethrown by whatever read the body (Hono's c.req.text() too). */
function isConnectionError(c: Context, err: Error): boolean {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  return !!incoming?.errored && incoming.errored === err;
}

/**
 * Renders AppError as JSON; anything else is our fault, logged without request data, never a stack
 * to the client. A failure that hits every request (a full disk) is logged once per interval with
 * how many times it repeated, not once per request.
 */
export function createErrorHandler(log: Logger) {
  const pass = createLogThrottle();
  return (thrown: Error, c: Context) => {
    const err = isConnectionError(c, thrown) ? clientClosed() : thrown;
    if (err instanceof AppError) {
      if (err.status >= 500) {
        const cause = describeCause(err.cause);
        const logged = pass(`${err.code} ${cause}`);
        if (logged) log.error(err.message, { path: c.req.path, cause, ...logged });
      }
      // The client's mistake (or its hang-up) is routine: debug only, and never its message,
      // which may quote what the client sent.
      else log.debug('client error', { path: c.req.path, status: err.status, code: err.code });
      return c.json({ error: err.message, code: err.code }, err.status);
    }
    const status = (err as { status?: unknown }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      // Hono's own HTTPException (e.g. from a middleware) carries a client status.
      return c.json({ error: err.message || 'bad request', code: 'bad_request' }, status as ContentfulStatusCode);
    }
    const logged = pass(String(err?.message ?? err));
    if (logged) log.error('unhandled error', { path: c.req.path, error: String(err?.stack ?? err), ...logged });
    return c.json({ error: 'internal error', code: 'internal' }, 500);
  };
}

/** A cause for the log: SQLite's code (SQLITE_FULL, SQLITE_BUSY_SNAPSHOT…) with the message, never the request. */
function describeCause(cause: unknown): string {
  const code = (cause as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? `${code}: ${(cause as Error).message}` : String(cause);
}
