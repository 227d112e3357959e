/**
 * An event's custom properties: keys and values its sender chose. Every stage keeps them in
 * objects without a prototype, because visitors choose the keys: on an ordinary object, reading
 * an absent `constructor` or `toString` gives a function, and assigning `__proto__` swaps the
 * prototype instead of storing a value.
 */
export type Props = Record<string, string>;

/** An empty props object whose keys are only ever its own; assigning `__proto__` stores a value. */
export const emptyProps = (): Props => Object.create(null) as Props;

/**
 * The `props` column (JSON text) as a props object, or null for none. JSON.parse already keeps
 * a `"__proto__"` key as an own property, but of an ordinary object: the entries are copied onto
 * a prototype-free one. The collector writes only objects of strings; anything else (text that
 * is not an object, a value that is not a string) reads as absent, so one damaged row cannot
 * fail its day's rollup.
 */
export function parseStoredProps(text: string | null): Props | null {
  if (text === null) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
  const props = emptyProps();
  for (const [key, value] of Object.entries(parsed)) if (typeof value === 'string') props[key] = value;
  return props;
}
