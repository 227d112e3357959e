/**
 * Every name an ordinary object inherits (`constructor`, `toString`, `__proto__`, …): as a prop
 * key, event name or value, each must stay data. Read from the runtime, so a name a later Node
 * adds is covered too.
 */
export const PROTOTYPE_NAMES: readonly string[] = Object.getOwnPropertyNames(Object.prototype);

/**
 * Props with every prototype name as a key, each holding `value(key)`. Built on a null-prototype
 * object so `__proto__` is an own key; JSON.stringify of it is what a client sends.
 */
export function propsOfEveryName(value: (key: string) => string): Record<string, string> {
  const props = Object.create(null) as Record<string, string>;
  for (const key of PROTOTYPE_NAMES) props[key] = value(key);
  return props;
}
