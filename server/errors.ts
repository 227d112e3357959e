import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Logger } from './log.ts';

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

/** Renders AppError as JSON; anything else is our fault, logged without request data, never a stack to the client. */
export function createErrorHandler(log: Logger) {
  return (err: Error, c: Context) => {
    if (err instanceof AppError) {
      if (err.status >= 500) log.error(err.message, { path: c.req.path, cause: String(err.cause) });
      return c.json({ error: err.message, code: err.code }, err.status);
    }
    const status = (err as { status?: unknown }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      // Hono's own HTTPException (e.g. from a middleware) carries a client status.
      return c.json({ error: err.message || 'bad request', code: 'bad_request' }, status as ContentfulStatusCode);
    }
    log.error('unhandled error', { path: c.req.path, error: String(err?.stack ?? err) });
    return c.json({ error: 'internal error', code: 'internal' }, 500);
  };
}
