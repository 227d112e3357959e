import { badRequest } from '../errors.ts';

/** Helpers for reading a JSON request body and naming what is wrong in it. */
export type Json = Record<string, unknown>;

/** A 400 whose message starts with the path of the offending field. */
export const fail = (path: string, message: string) => badRequest(`${path}: ${message}`, 'invalid_query');

/** A value as the client sent it, cut to 60 characters for an error message. */
export const show = (value: unknown) => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
};

export const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

export const describe = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value);
