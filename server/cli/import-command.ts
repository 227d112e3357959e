import { normalizeDomain } from '../admin/sites.ts';
import { findSiteByDomain } from '../admin/sites.queries.ts';
import { openGeoLookup } from '../collect/enrich/geo.ts';
import { ImportLineError, importEvents, type ImportSummary } from '../collect/import/import-events.ts';
import { openImportSource } from '../collect/import/import-source.ts';
import { createProgressBar } from '../collect/import/progress-bar.ts';
import { badRequest } from '../errors.ts';
import type { Command } from './command.ts';
import { UsageError } from './site-commands.ts';

const number = (n: number) => n.toLocaleString('en-US');

export const importCommand: Command = {
  usage: 'import <file.ndjson|file.ndjson.gz|-> --site <domain> [--skip-invalid]',
  options: { site: { type: 'string' }, 'skip-invalid': { type: 'boolean' } },
  async run({ config, db, args, values, out }) {
    const [file] = args;
    if (!file) throw new UsageError('import needs a file, or - for stdin');
    if (typeof values.site !== 'string') throw new UsageError('import needs --site <domain>');
    // The site is checked before a byte is read, so a typo never half-consumes stdin.
    const domain = normalizeDomain(values.site);
    const site = await findSiteByDomain(db.kysely, domain);
    if (!site) throw badRequest(`no site "${domain}"; add it first with: npx cairn site add ${domain}`);
    const source = await openImportSource(file);
    const geo = await openGeoLookup({ cityDbPath: config.geoipDb });
    const bar = !out.json && process.stderr.isTTY ? createProgressBar(process.stderr, source) : undefined;
    let summary: ImportSummary;
    try {
      summary = await importEvents(db, site, source.lines, { geo, onProgress: bar?.update, skipInvalid: values['skip-invalid'] === true });
    } catch (error) {
      if (error instanceof ImportLineError) {
        // Re-running the whole file would store the committed events twice: say how to go on instead.
        const fix = error.reason.startsWith('cannot read') ? 'get a complete file' : 'fix the line (or use --skip-invalid)';
        throw badRequest(`${error.message}. Nothing after it was imported: ${fix} and import from line ${error.line} on (tail -n +${error.line})`, error.code);
      }
      throw error;
    } finally {
      bar?.done();
    }
    out.write(out.json ? `${JSON.stringify(summary, null, 2)}\n` : formatSummary(summary));
  },
};

export function formatSummary(s: ImportSummary): string {
  const text = [`imported ${number(s.imported)} event${s.imported === 1 ? '' : 's'} from ${number(s.lines)} lines`];
  if (s.skipped > 0) {
    const reasons = Object.entries(s.skippedBy).map(([reason, n]) => `${reason.replaceAll('_', ' ')} ${number(n)}`);
    text.push(`skipped ${number(s.skipped)} (dropped as the collector would: ${reasons.join(', ')})`);
  }
  if (s.rejected > 0) {
    text.push(`rejected ${number(s.rejected)} malformed line${s.rejected === 1 ? '' : 's'}:`);
    for (const r of s.rejections) text.push(`  line ${r.line}: ${r.reason}`);
    if (s.rejected > s.rejections.length) text.push(`  ...and ${number(s.rejected - s.rejections.length)} more`);
  }
  return `${text.join('\n')}\n`;
}
