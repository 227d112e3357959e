import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { compileMatchPattern, type MatchPattern } from '../utils/match-pattern.ts';
import { filterLeaves, matchesWithBudget, parseQuery, type Filter, type Query } from './model.ts';

const base = { site_id: 'example.com', metrics: ['visitors'], date_range: '7d' };

/** Parses `base` merged with `extra`. */
const q = (extra: Record<string, unknown> = {}): Query => parseQuery({ ...base, ...extra });

/** The 400 message for a body (fails the test if it parses). */
function reason(body: unknown): string {
  try {
    parseQuery(body);
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).status).toBe(400);
    expect((e as AppError).code).toBe('invalid_query');
    return (e as Error).message;
  }
  throw new Error(`expected a 400 for ${JSON.stringify(body)}`);
}
const err = (extra: Record<string, unknown>) => reason({ ...base, ...extra });
const filterErr = (...filters: unknown[]) => err({ filters });
const leaf = (f: Filter) => f as Extract<Filter, { dimension: unknown }>;

describe('parseQuery: the basics', () => {
  it('normalizes a minimal query and fills in defaults', () => {
    expect(parseQuery({ site_id: '  Example.COM ', metrics: ['visitors'], date_range: '7d' })).toEqual({
      site: 'example.com',
      dateRange: { kind: 'preset', preset: '7d' },
      date: undefined,
      metrics: ['visitors'],
      dimensions: [],
      filters: [],
      orderBy: [],
      limit: 10_000,
      offset: 0,
      include: { totalRows: false, comparison: null },
    });
  });

  it('reads a full Plausible-style query', () => {
    const query = parseQuery({
      site_id: 'dummy.site',
      date_range: ['2024-01-01', '2024-07-01'],
      metrics: ['visitors', 'pageviews', 'bounce_rate'],
      dimensions: ['visit:country', 'visit:city'],
      filters: [['is_not', 'visit:country', ['US']], ['contains', 'event:page', ['/blog'], { case_sensitive: false }]],
      order_by: [['pageviews', 'desc'], ['visit:country', 'asc']],
      include: { total_rows: true, imports: false },
      pagination: { limit: 100, offset: 200 },
    });
    expect(query.dateRange).toEqual({ kind: 'custom', from: '2024-01-01', to: '2024-07-01' });
    expect(query.dimensions).toEqual(['visit:country', 'visit:city']);
    expect(query.filters).toEqual([
      { op: 'is_not', dimension: 'visit:country', values: ['US'], caseSensitive: true },
      { op: 'contains', dimension: 'event:page', values: ['/blog'], caseSensitive: false },
    ]);
    expect(query.orderBy).toEqual([
      { key: 'pageviews', direction: 'desc' },
      { key: 'visit:country', direction: 'asc' },
    ]);
    expect(query.include).toEqual({ totalRows: true, comparison: null });
    expect([query.limit, query.offset]).toEqual([100, 200]);
  });

  it('requires a JSON object body', () => {
    for (const body of [null, [], 'query', 42, undefined]) expect(reason(body)).toBe('body must be a JSON object');
  });

  it('names unknown top-level fields', () => {
    expect(err({ period: 'day' })).toMatch(/^unknown field "period"/);
    expect(err({ period: 'day', interval: 'date' })).toMatch(/^unknown fields "period", "interval"/);
  });

  it('requires a site_id string', () => {
    expect(reason({ metrics: ['visitors'], date_range: 'day' })).toBe('site_id: is required');
    expect(err({ site_id: 42 })).toBe('site_id: must be a string, got number');
    expect(err({ site_id: '   ' })).toBe('site_id: must not be empty');
    expect(err({ site_id: 'a'.repeat(256) })).toMatch(/^site_id: is longer than 255/);
  });
});

describe('parseQuery: date_range and date', () => {
  it('accepts every preset and realtime', () => {
    for (const p of ['day', '7d', '28d', '30d', '91d', 'month', '6mo', '12mo', 'year', 'all']) {
      expect(q({ date_range: p }).dateRange).toEqual({ kind: 'preset', preset: p });
    }
    expect(q({ date_range: 'realtime' }).dateRange).toEqual({ kind: 'realtime' });
  });

  it('rejects unknown presets and wrong types', () => {
    expect(reason({ site_id: 'a.b', metrics: ['visitors'] })).toBe('date_range: is required');
    expect(err({ date_range: '14d' })).toMatch(/^date_range: unknown date range "14d" \(expected one of day, 7d/);
    expect(err({ date_range: 7 })).toBe('date_range: must be a preset string or a [from, to] pair, got number');
    expect(err({ date_range: ['2024-01-01'] })).toMatch(/^date_range: must be a \[from, to\] pair/);
  });

  it('rejects impossible dates, naming the element', () => {
    expect(err({ date_range: ['2024-02-01', '2024-02-30'] })).toBe('date_range[1]: "2024-02-30" is not a valid date (expected YYYY-MM-DD)');
    expect(err({ date_range: ['2023-02-29', '2023-03-01'] })).toMatch(/^date_range\[0\]: "2023-02-29" is not a valid date/);
    expect(err({ date_range: ['2024-1-1', '2024-02-01'] })).toMatch(/^date_range\[0\]: "2024-1-1" is not a valid date/);
    expect(err({ date_range: [20240101, '2024-02-01'] })).toBe('date_range[0]: must be a date string like "2024-07-01", got number');
    expect(err({ date_range: ['2024-01-01T12:00:00+02:00', '2024-01-01T15:59:59+02:00'] })).toMatch(/^date_range\[0\]: .*date-times .* are not supported/);
    expect(q({ date_range: ['2024-02-29', '2024-02-29'] }).dateRange).toEqual({ kind: 'custom', from: '2024-02-29', to: '2024-02-29' });
  });

  it('rejects ranges that run backwards or span more than 10 years', () => {
    expect(err({ date_range: ['2024-03-01', '2024-02-29'] })).toBe('date_range: starts after it ends (2024-03-01 > 2024-02-29)');
    expect(q({ date_range: ['2014-01-01', '2023-12-31'] }).dateRange.kind).toBe('custom');
    expect(err({ date_range: ['2014-01-01', '2024-01-01'] })).toBe('date_range: may span at most 10 years');
  });

  it('reads the optional date anchor', () => {
    expect(q({ date: '2024-02-29' }).date).toBe('2024-02-29');
    expect(q({ date: null }).date).toBeUndefined();
    expect(err({ date: '2023-02-29' })).toMatch(/^date: must be a date like "2024-07-01", got "2023-02-29"/);
    expect(err({ date: 20240101 })).toMatch(/^date: must be a date/);
  });
});

describe('parseQuery: metrics and dimensions', () => {
  it('requires a non-empty list of unique, known metrics', () => {
    expect(reason({ site_id: 'a.b', date_range: 'day' })).toBe('metrics: is required');
    expect(err({ metrics: 'visitors' })).toBe('metrics: must be an array, got string');
    expect(err({ metrics: [] })).toBe('metrics: must list at least one metric');
    expect(err({ metrics: ['visitors', 'pageviews', 'foo'] })).toBe('metrics[2]: unknown metric "foo"');
    expect(err({ metrics: ['visitors', 'visitors'] })).toBe('metrics[1]: duplicate metric "visitors"');
    expect(err({ metrics: [1] })).toBe('metrics[0]: must be a string, got number');
    expect(err({ metrics: ['total_revenue'] })).toBe('metrics[0]: unknown metric "total_revenue"');
  });

  it('accepts visit, event, custom property and time dimensions', () => {
    expect(q({ dimensions: ['visit:source', 'event:props:author', 'time:day'] }).dimensions).toEqual(['visit:source', 'event:props:author', 'time:day']);
    expect(q({ dimensions: [`event:props:${'k'.repeat(300)}`] }).dimensions).toHaveLength(1);
    expect(q({ dimensions: null }).dimensions).toEqual([]);
  });

  it('rejects unknown, malformed and duplicate dimensions', () => {
    expect(err({ dimensions: ['visit:planet'] })).toBe('dimensions[0]: unknown dimension "visit:planet"');
    expect(err({ dimensions: ['visit:source', 'event:props:'] })).toMatch(/^dimensions\[1\]: custom property dimension needs a name/);
    expect(err({ dimensions: [`event:props:${'k'.repeat(301)}`] })).toMatch(/^dimensions\[0\]: custom property name is longer than 300/);
    expect(err({ dimensions: ['visit:source', 'visit:source'] })).toBe('dimensions[1]: duplicate dimension "visit:source"');
    expect(err({ dimensions: ['time'] })).toMatch(/^dimensions\[0\]: unknown dimension "time" \(use one of time:hour/);
    expect(err({ dimensions: [3] })).toBe('dimensions[0]: must be a dimension string, got number');
    expect(err({ dimensions: 'visit:source' })).toBe('dimensions: must be an array, got string');
  });

  it('allows at most 3 dimensions and one time dimension', () => {
    expect(q({ dimensions: ['visit:source', 'visit:country', 'time:week'] }).dimensions).toHaveLength(3);
    expect(err({ dimensions: ['visit:source', 'visit:country', 'visit:city', 'visit:os'] })).toBe('dimensions: at most 3 dimensions are allowed, got 4');
    expect(err({ dimensions: ['time:day', 'time:hour'] })).toBe('dimensions[1]: only one time dimension is allowed (already have "time:day")');
  });
});

describe('parseQuery: filters', () => {
  it('reads simple filters with an optional case_sensitive modifier', () => {
    const [a, b, c] = q({
      filters: [
        ['is', 'visit:country', ['DE', 'FR']],
        ['contains', 'event:page', ['/Blog'], { case_sensitive: false }],
        ['is', 'event:props:plan', ['pro'], {}],
      ],
    }).filters;
    expect(a).toEqual({ op: 'is', dimension: 'visit:country', values: ['DE', 'FR'], caseSensitive: true });
    expect(b).toEqual({ op: 'contains', dimension: 'event:page', values: ['/Blog'], caseSensitive: false });
    expect(c).toEqual({ op: 'is', dimension: 'event:props:plan', values: ['pro'], caseSensitive: true });
  });

  it('reads and / or / not trees', () => {
    const [f] = q({
      filters: [['and', [['is', 'visit:country', ['DE']], ['or', [['not', ['is', 'visit:device', ['Mobile']]], ['contains', 'visit:source', ['goo']]]]]]],
    }).filters;
    expect(f).toEqual({
      op: 'and',
      filters: [
        { op: 'is', dimension: 'visit:country', values: ['DE'], caseSensitive: true },
        {
          op: 'or',
          filters: [
            { op: 'not', filter: { op: 'is', dimension: 'visit:device', values: ['Mobile'], caseSensitive: true } },
            { op: 'contains', dimension: 'visit:source', values: ['goo'], caseSensitive: true },
          ],
        },
      ],
    });
    expect(filterLeaves([f]).map((l) => l.dimension)).toEqual(['visit:country', 'visit:device', 'visit:source']);
  });

  it('names unknown dimensions and operators by position, also when nested', () => {
    expect(filterErr(['is', 'visit:planet', ['Mars']])).toBe('filters[0][1]: unknown dimension "visit:planet"');
    expect(filterErr(['is', 'visit:country', ['DE']], ['and', [['is', 'visit:os', ['Mac']], ['not', ['is', 'visit:planet', ['x']]]]])).toBe(
      'filters[1][1][1][1][1]: unknown dimension "visit:planet"',
    );
    expect(filterErr(['equals', 'visit:country', ['DE']])).toMatch(/^filters\[0\]\[0\]: unknown filter operator "equals" \(expected one of is, is_not/);
    expect(filterErr(['has_done', ['is', 'event:name', ['Signup']]])).toBe('filters[0][0]: filter operator "has_done" is not supported');
    expect(filterErr([1, 'visit:country', ['DE']])).toBe('filters[0][0]: filter operator must be a string, got number');
  });

  it('does not filter on time dimensions', () => {
    expect(filterErr(['is', 'time:day', ['2024-01-01']])).toMatch(/^filters\[0\]\[1\]: time dimensions such as "time:day" cannot be filtered; set date_range instead/);
  });

  it('checks the shape of filters and their values', () => {
    expect(err({ filters: {} })).toBe('filters: must be an array of filters, got object');
    expect(filterErr('visit:country==DE')).toMatch(/^filters\[0\]: must be a filter such as/);
    expect(filterErr([])).toMatch(/^filters\[0\]: must be a filter/);
    expect(filterErr(['is', 'visit:country'])).toMatch(/^filters\[0\]: must be \[operator, dimension, values\]/);
    expect(filterErr(['is', 'visit:country', ['DE'], {}, 'extra'])).toMatch(/^filters\[0\]: must be \[operator, dimension, values\]/);
    expect(filterErr(['is', 'visit:country', []])).toBe('filters[0][2]: must be a non-empty array of strings');
    expect(filterErr(['is', 'visit:country', 'DE'])).toBe('filters[0][2]: must be a non-empty array of strings');
    expect(filterErr(['is', 'visit:city', [2950159]])).toBe('filters[0][2][0]: must be a string, got number');
    expect(filterErr(['is', 'visit:source', Array.from({ length: 101 }, (_, i) => `s${i}`)])).toBe('filters[0][2]: at most 100 values are allowed, got 101');
    expect(q({ filters: [['is', 'visit:source', Array.from({ length: 100 }, (_, i) => `s${i}`)]] }).filters).toHaveLength(1);
    expect(filterErr(['contains', 'event:page', ['/ok', 'x'.repeat(2001)]])).toBe('filters[0][2][1]: is longer than 2000 characters');
    expect(q({ filters: [['contains', 'event:page', ['x'.repeat(2000)]]] }).filters).toHaveLength(1);
  });

  it('checks modifiers', () => {
    expect(filterErr(['is', 'visit:source', ['x'], { case_sensitive: 'no' }])).toBe('filters[0][3].case_sensitive: must be true or false');
    expect(filterErr(['is', 'visit:source', ['x'], { case_insensitive: true }])).toBe('filters[0][3]: unknown filter modifier "case_insensitive" (expected case_sensitive)');
    expect(filterErr(['is', 'visit:source', ['x'], ['case_sensitive']])).toMatch(/^filters\[0\]\[3\]: must be an object/);
  });

  it('checks logical filters', () => {
    expect(filterErr(['and', []])).toBe('filters[0][1]: "and" needs a non-empty array of filters');
    expect(filterErr(['or', ['is', 'visit:os', ['Mac']]])).toMatch(/^filters\[0\]\[1\]\[0\]: must be a filter/);
    expect(filterErr(['and', [['is', 'visit:os', ['Mac']]], 'x'])).toMatch(/^filters\[0\]: "and" takes exactly one list of filters/);
    expect(filterErr(['not', ['is', 'visit:os', ['Mac']], ['is', 'visit:os', ['Linux']]])).toMatch(/^filters\[0\]: "not" takes exactly one filter/);
  });

  it('allows nesting 5 deep, not 6', () => {
    const simple = ['is', 'visit:os', ['Mac']];
    const nest = (depth: number): unknown => (depth === 1 ? simple : ['not', nest(depth - 1)]);
    expect(q({ filters: [nest(5)] }).filters).toHaveLength(1);
    expect(filterErr(nest(6))).toBe('filters[0][1][1][1][1][1]: filters may be nested at most 5 levels deep');
    expect(filterErr(['and', [simple, ['or', [simple, ['not', ['not', ['not', simple]]]]]]])).toMatch(/nested at most 5 levels/);
  });

  it('caps the number of filter expressions', () => {
    const many = Array.from({ length: 101 }, () => ['is', 'visit:os', ['Mac']]);
    expect(filterErr(...many)).toBe('filters[100]: a query may hold at most 100 filter expressions');
  });

  it('follows Plausible: goals take only is / contains, countries are 2-letter codes', () => {
    expect(q({ filters: [['contains', 'event:goal', ['Sign']]] }).filters).toHaveLength(1);
    expect(filterErr(['is_not', 'event:goal', ['Signup']])).toMatch(/^filters\[0\]\[0\]: only "is" and "contains" can filter event:goal/);
    expect(filterErr(['is', 'visit:country', ['DE', 'Germany']])).toBe('filters[0][2][1]: visit:country takes 2-letter country codes such as "DE", got "Germany"');
    expect(q({ filters: [['contains', 'visit:country', ['E']]] }).filters).toHaveLength(1);
  });
});

describe('parseQuery: matches / matches_not', () => {
  const pattern = (p: string, modifiers?: object): MatchPattern => {
    const [f] = q({ filters: [modifiers ? ['matches', 'event:page', [p], modifiers] : ['matches', 'event:page', [p]]] }).filters;
    const [compiled] = leaf(f).patterns ?? [];
    if (!compiled) throw new Error(`no compiled pattern for ${p}`);
    return compiled;
  };

  it('compiles patterns, case-sensitive by default', () => {
    const [f] = q({ filters: [['matches', 'event:page', ['^/user/\\d+$', '^/blog/']]] }).filters;
    expect(leaf(f).values).toEqual(['^/user/\\d+$', '^/blog/']);
    expect(leaf(f).patterns).toHaveLength(2);
    const re = pattern('^/user/\\d+$');
    expect(re.test('/user/42')).toBe(true);
    expect(re.test('/user/42/edit')).toBe(false);
    expect(pattern('^/Blog').test('/blog/post')).toBe(false);
  });

  it('ignores case when case_sensitive is false', () => {
    const re = pattern('^/Blog', { case_sensitive: false });
    expect(re.test('/blog/post')).toBe(true);
    expect(re.test('/BLOG')).toBe(true);
    expect(re.test('/news')).toBe(false);
  });

  it('compiles matches_not too, and leaves other operators without patterns', () => {
    const [a, b] = q({ filters: [['matches_not', 'visit:source', ['^Goo']], ['contains', 'visit:source', ['^Goo']]] }).filters;
    expect(leaf(a).patterns?.[0].test('Google')).toBe(true);
    expect(leaf(b).patterns).toBeUndefined();
  });

  it('names invalid regular expressions', () => {
    expect(filterErr(['matches', 'event:page', ['^/ok$', '/(unclosed']])).toMatch(/^filters\[0\]\[2\]\[1\]: invalid regular expression "\/\(unclosed": missing closing \)/);
    expect(filterErr(['matches', 'event:page', ['[z-a]']])).toMatch(/^filters\[0\]\[2\]\[0\]: invalid regular expression "\[z-a\]": invalid character class range/);
    expect(filterErr(['matches', 'event:page', ['a{2,1}']])).toMatch(/^filters\[0\]\[2\]\[0\]: invalid regular expression "a\{2,1\}": invalid repeat count/);
    expect(filterErr(['matches', 'event:page', ['a'.repeat(201)]])).toBe('filters[0][2][0]: is longer than 200 characters');
    expect(q({ filters: [['matches', 'event:page', ['a'.repeat(200)]]] }).filters).toHaveLength(1);
  });

  it('refuses what RE2 cannot run, saying why', () => {
    const cases: Array<[string, RegExp]> = [
      ['(a)\\1', /backreferences such as \\1 are not supported \(patterns use RE2 syntax\)/],
      ['(?<w>a)\\k<w>', /backreferences such as \\k are not supported/],
      ['(?=.*a)(?=.*b)c', /lookahead and lookbehind are not supported/],
      ['^(?!/admin)', /lookahead and lookbehind are not supported/],
      ['(?<=/blog/)x', /lookahead and lookbehind are not supported/],
      ['(?<!/blog/)x', /lookahead and lookbehind are not supported/],
      ['a++', /invalid nested repetition operator/],
      ['\\u00e9', /invalid escape sequence: \\u/],
    ];
    for (const [p, why] of cases) {
      const message = filterErr(['matches', 'event:page', [p]]);
      expect(message, p).toMatch(/^filters\[0\]\[2\]\[0\]: invalid regular expression /);
      expect(message, p).toMatch(why);
    }
  });

  it('refuses patterns whose compiled program would make every value slow', () => {
    expect(filterErr(['matches', 'event:page', ['^/(.{0,300})$']])).toMatch(/^filters\[0\]\[2\]\[0\]: invalid regular expression "\^\/\(\.\{0,300\}\)\$": too large once compiled \(\d+ instructions, at most 500\)/);
    expect(filterErr(['matches', 'event:page', ['(a{1,1000}){1,1000}']])).toMatch(/expression too large/);
    expect(filterErr(['matches', 'event:page', ['a{1001}']])).toMatch(/invalid repeat count/);
    expect(q({ filters: [['matches', 'event:page', ['^/[^/]{1,100}/[a-f0-9]{32}$']]] }).filters).toHaveLength(1);
  });

  it('refuses more than 20 patterns in one query, counted over all its filters', () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => `^/p${i}`);
    expect(q({ filters: [['matches', 'event:page', many(20)]] }).filters).toHaveLength(1);
    expect(filterErr(['matches', 'event:page', many(21)])).toMatch(/^filters\[0\]\[2\]: a query may hold at most 20 matches patterns/);
    const split = { filters: [['matches', 'event:page', many(15)], ['not', ['matches_not', 'event:hostname', many(6)]]] };
    expect(() => q(split)).toThrow(/filters\[1\]\[1\]\[2\]: a query may hold at most 20/);
  });

  /** The slowest of `inputs` for `p`, in ms, each on a freshly compiled pattern (nothing cached by RE2 yet). */
  function slowest(p: string, inputs: string[], modifiers = { case_sensitive: false }): number {
    let worst = 0;
    for (const input of inputs) {
      const re = pattern(p, modifiers);
      const started = performance.now();
      matchesWithBudget(re, input);
      worst = Math.max(worst, performance.now() - started);
    }
    return worst;
  }
  const crafted = (unit: string, tail = '') => unit.repeat(Math.ceil(2_000 / unit.length)).slice(0, 2_000 - tail.length) + tail;

  it('runs the patterns that used to hang the server in linear time', () => {
    // V8 took 107 s for the first on 30 characters, and over two minutes for the second on 60;
    // the old static check accepted both.
    const attacks: Array<[string, string[]]> = [
      ['.{0,15}'.repeat(12) + '!', [crafted('a'), crafted('/blog/'), crafted('a', '!')]],
      ['a?'.repeat(30) + 'a'.repeat(30), [crafted('a'.repeat(29) + 'b'), crafted('a'.repeat(29) + 'b', 'a'.repeat(30)), crafted('a')]],
    ];
    for (const [p, inputs] of attacks) {
      for (const case_sensitive of [true, false]) expect(slowest(p, inputs, { case_sensitive }), p).toBeLessThan(50);
    }
  });

  it('runs what the old check refused as too risky, also in linear time', () => {
    const units = ['a', 'ab', '/blog/', 'a1', ',', 'aA', '-1'];
    const inputs = units.flatMap((u) => [crafted(u), crafted(u, '!')]);
    const shapes = ['(a+)+$', '(a*)*b', '(.*)*$', '^(\\w+\\s?)*$', '(a?a)+$', '(a|a)*b', '(a|ab)+c', '(\\d|\\w)+x', '\\w+\\d+x', '.*a.*a.*b', '^.*,.*,.*$', '.{0,100}.{0,100}z'];
    for (const p of shapes) expect(slowest(p, inputs), p).toBeLessThan(50);
  });

  it('answers ordinary patterns as JavaScript does', () => {
    const values = ['/', '/blog', '/blog/', '/blog/hello-world', '/Blog/Edit', '/blog/2024/edit', '/user/42', '/user/42/edit', '/de/pricing', '/en/pricing/', '/docs/guide.html', '/files/report.PDF', '/files/a.docx', '/products/x-1/reviews/7/', 'https://www.example.com/', 'foo123', 'barbaz', '/a,b,c'];
    const patterns = [
      '^/user/\\d+$',
      '^/blog/.*',
      '.*foo.*',
      '^/(en|de)/pricing/?$',
      '(foo|bar)\\d+',
      '^/blog/.*/edit$',
      '[a-z]+/[a-z]+/[a-z]+',
      '[\\w-]+\\.html?$',
      '^/products/[^/]+/reviews/\\d+/?$',
      '\\.(pdf|zip|docx?)$',
      '^https?://(www\\.)?example\\.com/',
      '^(.*),(.*),(.*)$',
      '\\bblog\\b',
      '^/$',
      '',
    ];
    for (const p of patterns) {
      for (const case_sensitive of [true, false]) {
        const re = pattern(p, { case_sensitive });
        const reference = new RegExp(p, case_sensitive ? '' : 'i');
        for (const v of values) expect(re.test(v), `${p} ~ ${v} (case_sensitive: ${case_sensitive})`).toBe(reference.test(v));
      }
    }
  });

  it('refuses with a 400, never throws otherwise, on any short pattern', () => {
    const text = fc.array(fc.constantFrom('a', '(', ')', '[', ']', '{', '}', '1', ',', '*', '+', '?', '|', '^', '$', '\\', '.', '-', '<', '=', '!', 'P', 'k', 'p', 'Q', 'E', ':'), { maxLength: 24 });
    fc.assert(
      fc.property(text, fc.boolean(), (chars, case_sensitive) => {
        try {
          q({ filters: [['matches', 'event:page', [chars.join('')], { case_sensitive }]] });
        } catch (e) {
          expect(e).toBeInstanceOf(AppError);
          expect((e as AppError).status).toBe(400);
          expect((e as Error).message).toMatch(/^filters\[0\]\[2\]\[0\]: invalid regular expression /);
        }
      }),
      { numRuns: 3_000 },
    );
  });
});

describe('matchesWithBudget', () => {
  it('tests values up to 2,000 characters and refuses longer ones', () => {
    const re = compileMatchPattern('a$', true);
    expect(matchesWithBudget(re, 'banana')).toBe(true);
    expect(matchesWithBudget(re, 'kiwi')).toBe(false);
    expect(matchesWithBudget(re, 'a'.repeat(2000))).toBe(true);
    expect(matchesWithBudget(re, 'a'.repeat(2001))).toBe(false);
  });
});

describe('parseQuery: order_by', () => {
  it('reads explicit ordering over metrics and dimensions', () => {
    expect(q({ metrics: ['visitors', 'pageviews'], dimensions: ['event:page'], order_by: [['pageviews', 'asc'], ['event:page', 'desc']] }).orderBy).toEqual([
      { key: 'pageviews', direction: 'asc' },
      { key: 'event:page', direction: 'desc' },
    ]);
  });

  it('rejects keys that are not in the query, bad directions and bad shapes', () => {
    expect(err({ dimensions: ['event:page'], order_by: [['visitors', 'desc'], ['bounce_rate', 'desc']] })).toBe(
      `order_by[1][0]: "bounce_rate" is not one of the query's metrics or dimensions`,
    );
    expect(err({ order_by: [['visit:source', 'asc']] })).toMatch(/^order_by\[0\]\[0\]: "visit:source" is not one of/);
    expect(err({ order_by: [['visitors', 'down']] })).toBe('order_by[0][1]: must be "asc" or "desc", got "down"');
    expect(err({ order_by: [['visitors']] })).toBe('order_by[0]: must be a [key, "asc" | "desc"] pair');
    expect(err({ order_by: [['visitors', 'asc'], ['visitors', 'desc']] })).toBe('order_by[1][0]: duplicate order_by key "visitors"');
    expect(err({ order_by: 'visitors' })).toMatch(/^order_by: must be an array/);
  });

  it('defaults to the time dimension ascending, then the first metric descending', () => {
    const metrics = ['pageviews', 'visitors'];
    expect(q({ metrics }).orderBy).toEqual([]);
    expect(q({ metrics, dimensions: ['visit:source'] }).orderBy).toEqual([{ key: 'pageviews', direction: 'desc' }]);
    expect(q({ metrics, dimensions: ['time:day'] }).orderBy).toEqual([{ key: 'time:day', direction: 'asc' }]);
    expect(q({ metrics, dimensions: ['visit:source', 'time:month'] }).orderBy).toEqual([
      { key: 'time:month', direction: 'asc' },
      { key: 'pageviews', direction: 'desc' },
    ]);
  });
});

describe('parseQuery: include', () => {
  it('reads total_rows and Plausible comparisons', () => {
    expect(q({ include: { total_rows: true } }).include).toEqual({ totalRows: true, comparison: null });
    expect(q({ include: { comparisons: { mode: 'previous_period' } } }).include.comparison).toEqual({ mode: 'previous_period' });
    expect(q({ include: { comparisons: { mode: 'year_over_year' } } }).include.comparison).toEqual({ mode: 'year_over_year' });
    expect(q({ include: { comparisons: { mode: 'custom', date_range: ['2023-01-01', '2023-01-07'] } } }).include.comparison).toEqual({
      mode: 'custom',
      from: '2023-01-01',
      to: '2023-01-07',
    });
  });

  it('accepts the comparison shorthand at the top level and in include', () => {
    expect(q({ comparison: 'previous_period' }).include.comparison).toEqual({ mode: 'previous_period' });
    expect(q({ include: { comparison: 'year_over_year' } }).include.comparison).toEqual({ mode: 'year_over_year' });
    expect(q({ include: { comparisons: 'previous_period' } }).include.comparison).toEqual({ mode: 'previous_period' });
    expect(err({ comparison: 'previous_period', include: { comparisons: { mode: 'year_over_year' } } })).toBe(
      'include.comparisons: conflicts with comparison; give the comparison once',
    );
  });

  it('rejects bad comparisons', () => {
    expect(err({ include: { comparisons: { mode: 'last_week' } } })).toBe(
      'include.comparisons.mode: must be "previous_period", "year_over_year" or "custom", got "last_week"',
    );
    expect(err({ include: { comparisons: { mode: 'custom' } } })).toBe('include.comparisons.date_range: is required for mode "custom"');
    expect(err({ include: { comparisons: { mode: 'custom', date_range: ['2023-01-07', '2023-01-01'] } } })).toMatch(
      /^include\.comparisons\.date_range: starts after it ends/,
    );
    expect(err({ include: { comparisons: { mode: 'custom', date_range: ['2023-02-29', '2023-03-01'] } } })).toMatch(
      /^include\.comparisons\.date_range\[0\]: "2023-02-29" is not a valid date/,
    );
    expect(err({ include: { comparisons: { mode: 'previous_period', match_day_of_week: true } } })).toBe(
      'include.comparisons.match_day_of_week: is not supported',
    );
    expect(err({ include: { comparisons: 7 } })).toMatch(/^include\.comparisons: must be \{ "mode"/);
  });

  it('rejects unknown or unsupported include fields', () => {
    expect(q({ include: { imports: true } }).include).toEqual({ totalRows: false, comparison: null });
    expect(err({ include: { total_rows: 'yes' } })).toBe('include.total_rows: must be true or false');
    expect(err({ include: { time_labels: true } })).toBe('include.time_labels: is not supported');
    expect(err({ include: { everything: true } })).toMatch(/^include\.everything: unknown field/);
    expect(err({ include: [] })).toBe('include: must be an object, got an array');
  });
});

describe('parseQuery: pagination', () => {
  it('defaults to 10,000 rows from offset 0 and reads limit and offset', () => {
    expect(q({ pagination: {} })).toMatchObject({ limit: 10_000, offset: 0 });
    expect(q({ pagination: { limit: 1 } })).toMatchObject({ limit: 1, offset: 0 });
    expect(q({ pagination: { limit: 10_000, offset: 5 } })).toMatchObject({ limit: 10_000, offset: 5 });
  });

  it('rejects limits outside 1..10000 and negative offsets', () => {
    for (const limit of [0, 10_001, 1.5, '10', null]) {
      expect(err({ pagination: { limit } })).toMatch(/^pagination\.limit: must be an integer from 1 to 10000/);
    }
    expect(err({ pagination: { offset: -1 } })).toMatch(/^pagination\.offset: must be an integer of 0 or more/);
    expect(err({ pagination: { page: 2 } })).toBe('pagination.page: unknown field (expected limit, offset)');
    expect(err({ pagination: 5 })).toMatch(/^pagination: must be an object/);
  });
});

describe('parseQuery: metric and dimension compatibility', () => {
  it('percentage needs a non-time dimension', () => {
    expect(err({ metrics: ['visitors', 'percentage'] })).toBe('metrics[1]: "percentage" needs at least one non-time dimension');
    expect(err({ metrics: ['percentage'], dimensions: ['time:day'] })).toMatch(/^metrics\[0\]: "percentage" needs/);
    expect(q({ metrics: ['percentage'], dimensions: ['visit:source'] }).metrics).toEqual(['percentage']);
  });

  it('conversion_rate needs an event:goal dimension or filter (anywhere in the tree)', () => {
    expect(err({ metrics: ['conversion_rate'] })).toBe('metrics[0]: "conversion_rate" needs an event:goal dimension or filter');
    expect(err({ metrics: ['conversion_rate'], filters: [['is', 'event:name', ['Signup']]] })).toMatch(/needs an event:goal/);
    expect(q({ metrics: ['conversion_rate'], dimensions: ['event:goal'] }).metrics).toEqual(['conversion_rate']);
    expect(q({ metrics: ['conversion_rate'], filters: [['is', 'event:goal', ['Signup']]] }).metrics).toEqual(['conversion_rate']);
    expect(q({ metrics: ['conversion_rate'], filters: [['and', [['is', 'visit:os', ['Mac']], ['is', 'event:goal', ['Signup']]]]] }).metrics).toEqual([
      'conversion_rate',
    ]);
  });

  it('time_on_page and scroll_depth need an event:page dimension or filter', () => {
    for (const m of ['time_on_page', 'scroll_depth']) {
      expect(err({ metrics: ['visitors', m] })).toBe(`metrics[1]: "${m}" needs an event:page dimension or filter`);
      expect(err({ metrics: [m], dimensions: ['visit:source'] })).toMatch(/needs an event:page/);
      expect(q({ metrics: [m], dimensions: ['event:page'] }).metrics).toEqual([m]);
      expect(q({ metrics: [m], filters: [['contains', 'event:page', ['/blog']]] }).metrics).toEqual([m]);
    }
  });

  it('views_per_visit does not mix with event:page', () => {
    expect(err({ metrics: ['views_per_visit'], filters: [['is', 'event:page', ['/']]] })).toBe(
      'metrics[0]: "views_per_visit" cannot be combined with an event:page filter',
    );
    expect(err({ metrics: ['views_per_visit'], filters: [['not', ['is', 'event:page', ['/']]]] })).toMatch(/event:page filter/);
    expect(err({ metrics: ['views_per_visit'], dimensions: ['event:page'] })).toBe('metrics[0]: "views_per_visit" cannot be combined with the event:page dimension');
    expect(q({ metrics: ['views_per_visit'], dimensions: ['visit:source', 'time:day'] }).metrics).toEqual(['views_per_visit']);
  });

  it('session metrics are not broken down by event-only dimensions', () => {
    for (const m of ['bounce_rate', 'visit_duration', 'views_per_visit']) {
      for (const d of ['event:name', 'event:goal', 'event:props:plan']) {
        expect(err({ metrics: ['visitors', m], dimensions: ['visit:source', d] })).toBe(
          `metrics[1]: session metric "${m}" cannot be broken down by the event dimension "${d}"`,
        );
      }
    }
    expect(q({ metrics: ['bounce_rate', 'visit_duration'], dimensions: ['event:page'] }).metrics).toHaveLength(2);
    expect(q({ metrics: ['bounce_rate'], filters: [['is', 'event:name', ['Signup']]] }).metrics).toHaveLength(1);
  });

  it('realtime allows only visitors, visits, pageviews and events, no time dimensions and no comparison', () => {
    const realtime = { date_range: 'realtime' };
    expect(q({ ...realtime, metrics: ['visitors', 'visits', 'pageviews', 'events'], dimensions: ['event:page', 'visit:country'] }).dimensions).toHaveLength(2);
    expect(err({ ...realtime, metrics: ['visitors', 'bounce_rate'] })).toBe(
      'metrics[1]: "bounce_rate" is not available with date_range "realtime" (use visitors, visits, pageviews, events)',
    );
    expect(err({ ...realtime, dimensions: ['visit:source', 'time:hour'] })).toBe('dimensions[1]: time dimensions are not available with date_range "realtime"');
    expect(err({ ...realtime, include: { comparisons: { mode: 'previous_period' } } })).toBe(
      'include.comparisons: comparisons are not available with date_range "realtime"',
    );
    expect(err({ ...realtime, comparison: 'year_over_year' })).toMatch(/comparisons are not available/);
  });
});
