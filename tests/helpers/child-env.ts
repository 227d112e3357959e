/**
 * The environment for a child Cairn process. Vitest sets Vite's BASE_URL ("/") in process.env,
 * which would reach the child as Cairn's BASE_URL and fail validation; so it is removed.
 */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const { BASE_URL: _vite, ...env } = process.env;
  return { ...env, ...extra };
}
