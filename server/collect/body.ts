import type { Context } from 'hono';
import { badRequest } from '../errors.ts';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The body as JSON, whatever the Content-Type (Plausible clients send text/plain to skip preflight). */
export async function readJsonBody(c: Context): Promise<unknown> {
  let text: string;
  try {
    text = utf8.decode(await c.req.arrayBuffer());
  } catch {
    throw badRequest('body is not valid UTF-8', 'invalid_body');
  }
  if (text.trim() === '') throw badRequest('body is empty', 'invalid_body');
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest('body is not valid JSON', 'invalid_body');
  }
}
