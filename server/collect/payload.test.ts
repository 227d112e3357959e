import { describe, expect, it } from 'vitest';
import { PROTOTYPE_NAMES, propsOfEveryName } from '../../tests/helpers/prototype-names.ts';
import { AppError } from '../errors.ts';
import { parseEventPayload } from './payload.ts';

const base = { n: 'pageview', u: 'https://example.com/a?utm_source=x#top', d: 'example.com' };

function reason(body: unknown): string {
  try {
    parseEventPayload(body);
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).status).toBe(400);
    return (e as Error).message;
  }
  throw new Error('expected a 400');
}

describe('parseEventPayload', () => {
  it('reads the short keys', () => {
    const p = parseEventPayload({ ...base, r: 'https://google.com/', w: 1280, h: 1, i: false, p: { a: 1, b: true } });
    expect(p.name).toBe('pageview');
    expect(p.url.pathname).toBe('/a');
    expect(p.domains).toEqual(['example.com']);
    expect(p.referrer).toBe('https://google.com/');
    expect(p.width).toBe(1280);
    expect(p.keepHash).toBe(true);
    expect(p.interactive).toBe(false);
    expect(p.props).toEqual({ a: '1', b: 'true' });
  });

  it('reads the long keys of Plausible clients', () => {
    const p = parseEventPayload({
      name: 'Signup',
      url: 'https://example.com/',
      domain: 'Example.com, other.org',
      referrer: null,
      props: '{"plan":"pro"}',
      revenue: { currency: 'eur', amount: '12.50' },
      interactive: true,
    });
    expect(p.domains).toEqual(['example.com', 'other.org']);
    expect(p.referrer).toBeUndefined();
    expect(p.props).toEqual({ plan: 'pro' });
    expect(p.revenue).toEqual({ currency: 'EUR', amount: 12.5 });
    expect(p.interactive).toBe(true);
  });

  it('keeps engagement fields only on engagement events', () => {
    expect(parseEventPayload({ ...base, n: 'engagement', sd: 75, e: 12_000 })).toMatchObject({
      scrollDepth: 75,
      engagedMs: 12_000,
    });
    expect(parseEventPayload({ ...base, sd: 75, e: 12_000 })).toMatchObject({
      scrollDepth: undefined,
      engagedMs: undefined,
    });
  });

  it('rejects malformed input with a reason', () => {
    expect(reason(null)).toMatch(/object/);
    expect(reason([base])).toMatch(/object/);
    expect(reason({ ...base, n: undefined })).toMatch(/name is required/);
    expect(reason({ ...base, n: 42 })).toMatch(/name/);
    expect(reason({ ...base, u: 'javascript:alert(1)' })).toMatch(/http/);
    expect(reason({ ...base, u: 'not a url' })).toMatch(/valid URL/);
    expect(reason({ ...base, d: ' , ' })).toMatch(/domain/);
    expect(reason({ ...base, w: 'wide' })).toMatch(/w must be/);
    expect(reason({ ...base, i: 'yes' })).toMatch(/interactive/);
    expect(reason({ ...base, n: 'engagement', sd: 101 })).toMatch(/sd/);
    expect(reason({ ...base, n: 'engagement', e: -1 })).toMatch(/\be\b/);
    expect(reason({ ...base, $: { currency: 'euro', amount: 1 } })).toMatch(/currency/);
    expect(reason({ ...base, $: { currency: 'EUR', amount: 'lots' } })).toMatch(/amount/);
    expect(reason({ ...base, u: `https://example.com/${'a'.repeat(2_000)}` })).toMatch(/longer/);
  });

  it('enforces the props limits', () => {
    const many = Object.fromEntries(Array.from({ length: 31 }, (_, i) => [`k${i}`, 'v']));
    expect(reason({ ...base, p: many })).toMatch(/more than 30/);
    expect(reason({ ...base, p: { ['k'.repeat(301)]: 'v' } })).toMatch(/300/);
    expect(reason({ ...base, p: { k: 'v'.repeat(2_001) } })).toMatch(/2000/);
    expect(reason({ ...base, p: { k: { nested: 1 } } })).toMatch(/string, number or boolean/);
    expect(reason({ ...base, p: [1, 2] })).toMatch(/props must be an object/);
    const thirty = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`k${i}`, 'v'.repeat(2_000)]));
    expect(Object.keys(parseEventPayload({ ...base, p: thirty }).props!)).toHaveLength(30);
  });

  it('drops empty and null prop values instead of storing them', () => {
    expect(parseEventPayload({ ...base, p: { a: '', b: null } }).props).toBeNull();
  });

  it('keeps prop keys named like Object.prototype members as data, in a null-prototype object', () => {
    const wire = JSON.stringify(propsOfEveryName((key) => `value of ${key}`));
    // As an object in the body (parsed as the route parses it) and as a JSON string.
    for (const body of [JSON.parse(`{"n":"Signup","u":"https://example.com/","d":"example.com","p":${wire}}`), { ...base, p: wire }]) {
      const props = parseEventPayload(body).props!;
      expect(Object.keys(props)).toEqual(PROTOTYPE_NAMES);
      expect(Object.getPrototypeOf(props)).toBeNull();
      for (const key of PROTOTYPE_NAMES) expect(Object.getOwnPropertyDescriptor(props, key)?.value).toBe(`value of ${key}`);
      expect(JSON.stringify(props)).toBe(wire);
    }
    expect(JSON.stringify(parseEventPayload({ ...base, p: '{"__proto__":"x"}' }).props)).toBe('{"__proto__":"x"}');
  });
});
