/**
 * `useCurrentAnswer(body, data)`: `useQuery`'s answer only if it answers `body`. For the render in
 * which the body changes, `useQuery` still holds the previous body's answer (it starts the new
 * query in an effect), and days taken from it would title or step the view just left.
 */
import { useRef } from 'preact/hooks';
import type { QueryBody, QueryResponse } from './types.ts';

export function useCurrentAnswer(body: QueryBody | null, data: QueryResponse | null): QueryResponse | null {
  const key = body ? JSON.stringify(body) : '';
  // Each answer is a new object, so one first seen under this body is this body's (short of an
  // old query landing in the very frame before useQuery's effect stops it).
  const seen = useRef({ key, data });
  if (seen.current.data !== data) seen.current = { key, data };
  return seen.current.key === key ? data : null;
}
