import type { Context } from 'hono';

/**
 * Whether a form post comes from this server's own pages. Browsers send Origin on every POST;
 * a cross-site page that posts our login form (to sign a victim in as the attacker) sends its
 * own. The host is compared with Host (what the browser connected to, kept by reverse proxies)
 * and with BASE_URL. No Origin at all (old clients, curl) is let through: a browser-borne attack
 * always carries one.
 */
export function isSameOrigin(c: Context, baseUrl: string): boolean {
  const origin = c.req.header('origin');
  if (!origin) return true;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return false;
  }
  return host === c.req.header('host') || host === new URL(baseUrl).host;
}
