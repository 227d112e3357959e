import { badRequest } from '../../errors.ts';

/** One tracking request's parameters: names to their first value, as Matomo's clients send them. */
export type Params = Record<string, string>;

/** `a=1&b=2` or `?a=1&b=2` → params; a repeated name keeps its first value. */
export function parseQuery(text: string): Params {
  const params: Params = Object.create(null) as Params;
  for (const [name, value] of new URLSearchParams(text.startsWith('?') ? text.slice(1) : text)) {
    if (!(name in params)) params[name] = value;
  }
  return params;
}

/** A bulk item given as an object: strings, numbers and booleans; null means absent. */
export function paramsFromObject(value: object): Params {
  const params: Params = Object.create(null) as Params;
  for (const [name, raw] of Object.entries(value)) {
    if (raw === null || raw === undefined) continue;
    if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean') {
      throw badRequest(`${name.slice(0, 50)} must be a string or a number`);
    }
    params[name] = typeof raw === 'boolean' ? (raw ? '1' : '0') : String(raw);
  }
  return params;
}

/** The parameter's value, trimmed, or undefined when absent or blank: an empty `cip=` means no `cip`. */
export function param(params: Params, name: string): string | undefined {
  const value = params[name]?.trim();
  return value ? value : undefined;
}

/** `base` with `over` on top: the query string wins over a form body, as in Matomo (`$_GET + $_POST`). */
export const mergeParams = (base: Params, over: Params): Params => Object.assign(Object.create(null) as Params, base, over);
