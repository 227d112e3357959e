/**
 * How large an event's fields may be, wherever an event is made (the collector, imports, the
 * Matomo API) and wherever something must fit one (a goal's event name).
 */
export const LIMITS = {
  nameLength: 120,
  urlLength: 2_000,
  domains: 10,
  props: 30,
  propKeyLength: 300,
  propValueLength: 2_000,
  engagedMs: 24 * 3_600_000,
} as const;
