import { isUtf8 } from 'node:buffer';
import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import { AppError, badRequest, clientClosed } from '../errors.ts';


/**
 * The body, refused with 413 past `max` bytes. With a Content-Length (every browser sends one)
 * the header decides before anything is read, and the read takes @hono/node-server's direct
 * path; Hono's bodyLimit middleware would force a web stream per request and cost a third of
 * the collector's throughput. Chunked bodies are counted as they stream in.
 *
 * A client that hangs up before its body is complete gets `clientClosed()` (see errors.ts).
 */
export async function readBody(c: Context, max: number): Promise<Buffer> {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  try {
    return await read(c, incoming, max);
  } catch (error) {
    if (error instanceof AppError || !clientIsGone(c, incoming)) throw error;
    throw clientClosed();
  }
}

async function read(c: Context, incoming: IncomingMessage | undefined, max: number): Promise<Buffer> {
  const tooLarge = () => new AppError(413, 'body_too_large', `body is larger than ${max} bytes`);
  const length = c.req.header('content-length');
  if (length !== undefined) {
    if (Number(length) > max) throw tooLarge();
    // Straight from the socket's stream when Node serves us: no ArrayBuffer copy per event.
    if (incoming && !incoming.readableDidRead) return readIncoming(incoming);
    return Buffer.from(await c.req.arrayBuffer());
  }
  const stream = c.req.raw.body;
  if (!stream) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = stream.getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) {
    size += r.value.byteLength;
    if (size > max) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(r.value);
  }
  return Buffer.concat(chunks);
}

/**
 * Whether a failed read was the connection going away rather than a fault of ours (a body read
 * twice is a bug and stays a 500). Asked of the request, not the error: Node, its web-stream
 * bridge and @hono/node-server each word an abort differently.
 */
function clientIsGone(c: Context, incoming: IncomingMessage | undefined): boolean {
  if (incoming) return incoming.destroyed || incoming.readableAborted || !!incoming.errored;
  return c.req.raw.signal.aborted;
}

/** Node's HTTP parser already holds the body to its Content-Length, so this only collects chunks. */
function readIncoming(incoming: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const gone = () => reject(new Error('request closed before its end'));
    // Closed while the request waited for its handler: no event would ever come.
    if (incoming.destroyed) return gone();
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.once('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    incoming.once('error', reject);
    // Without an 'error' (a destroy without a reason) 'close' alone says the rest will not come.
    incoming.once('close', () => incoming.readableEnded || gone());
  });
}

/** The body as JSON, whatever the Content-Type (Plausible clients send text/plain to skip preflight). */
export async function readJsonBody(c: Context, max: number): Promise<unknown> {
  const bytes = await readBody(c, max);
  if (!isUtf8(bytes)) throw badRequest('body is not valid UTF-8', 'invalid_body');
  const text = bytes.toString('utf8');
  if (text.trim() === '') throw badRequest('body is empty', 'invalid_body');
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest('body is not valid JSON', 'invalid_body');
  }
}
