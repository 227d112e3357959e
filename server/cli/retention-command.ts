import { runRetention } from '../retention/run.ts';
import type { Command } from './command.ts';
import { printObject, printRows } from './output.ts';

export const retentionRun: Command = {
  usage: 'retention run [--dry-run]',
  options: { 'dry-run': { type: 'boolean' } },
  async run({ db, values, out }) {
    const report = await runRetention(db, { dryRun: values['dry-run'] === true });
    if (report.locked) return printObject(out, report as unknown as Record<string, unknown>, 'another process is applying retention right now; nothing done');
    if (out.json) return printObject(out, report as unknown as Record<string, unknown>, '');
    const verb = report.dryRun ? 'would delete' : 'deleted';
    printRows(
      out,
      report.sites.map((s) => ({
        site: s.domain,
        [`raw events ${verb}`]: s.rawEvents,
        'raw before': s.rawBefore ?? '-',
        [`aggregate rows ${verb}`]: s.aggregateRows,
        'aggregates before': s.aggregatesBefore ?? 'kept forever',
      })),
      'No sites.',
    );
  },
};
