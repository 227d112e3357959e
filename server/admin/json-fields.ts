import { badRequest } from '../errors.ts';

/** The JSON types an admin request body may carry; retention bounds are checked later, by changeSite. */
export type FieldType = 'string' | 'string[]' | 'boolean' | 'number';

type Typed<T extends FieldType> = T extends 'string' ? string : T extends 'string[]' ? string[] : T extends 'boolean' ? boolean : number;
export type Fields<S extends Record<string, FieldType>> = { [K in keyof S]?: Typed<S[K]> };

/**
 * Parses a request body into the fields `spec` allows. Unknown fields are refused rather than
 * ignored: a misspelt `raw_retention_day` silently doing nothing would look like success.
 */
export function parseJsonFields<S extends Record<string, FieldType>>(text: string, spec: S): Fields<S> {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw badRequest(text.trim() === '' ? 'body is empty; send a JSON object' : 'body is not valid JSON', 'invalid_body');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('body must be a JSON object', 'invalid_body');
  for (const [field, value] of Object.entries(body)) {
    const type = Object.hasOwn(spec, field) ? spec[field] : undefined;
    if (!type) throw badRequest(`unknown field "${field}"; expected one of ${Object.keys(spec).join(', ')}`, 'invalid_body');
    if (!hasType(value, type)) throw badRequest(`field "${field}" must be ${DESCRIPTION[type]}`, 'invalid_body');
  }
  return body as Fields<S>;
}

const DESCRIPTION: Record<FieldType, string> = {
  string: 'a string',
  'string[]': 'an array of strings',
  boolean: 'true or false',
  number: 'a number',
};

function hasType(value: unknown, type: FieldType): boolean {
  if (type === 'string[]') return Array.isArray(value) && value.every((v) => typeof v === 'string');
  return typeof value === type;
}
