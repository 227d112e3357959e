import { LOG_FORMATS, logLineParser } from '../collect/import-log/import-log.ts';
import type { Command } from './command.ts';
import { runImport } from './import-command.ts';
import { UsageError } from './site-commands.ts';

const FORMATS = Object.keys(LOG_FORMATS).join('|');

/** `cairn import-log`: web server access logs as page views, through `cairn import`'s pipeline. */
export const importLogCommand: Command = {
  usage: `import-log <access.log|access.log.gz|-> --site <domain> --format ${FORMATS} [--skip-invalid]`,
  options: { site: { type: 'string' }, format: { type: 'string' }, 'skip-invalid': { type: 'boolean' } },
  async run(ctx) {
    const { format } = ctx.values;
    // Checked before the file is opened, so stdin is never half read for nothing.
    if (typeof format !== 'string') throw new UsageError(`import-log needs --format ${FORMATS}`);
    if (!Object.hasOwn(LOG_FORMATS, format)) throw new UsageError(`unknown --format "${format}": use ${FORMATS}`);
    await runImport(ctx, 'import-log', {
      parseLine: (site) => logLineParser(format, site.domain),
      unit: 'page view',
      skippedNote: '',
      wrongFormat: `Nothing was imported: is this a ${format} log? (--format ${FORMATS})`,
    });
  },
};
