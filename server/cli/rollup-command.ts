import { runRollup } from '../rollup/run.ts';
import type { Command } from './command.ts';
import { line, printObject } from './output.ts';

export const rollup: Command = {
  usage: 'rollup',
  options: {},
  async run({ db, out }) {
    const report = await runRollup(db);
    const message = report.locked
      ? 'another process is rolling up right now; nothing done'
      : `rolled up ${report.days} site-days (${report.events} events) in ${report.ms} ms`;
    printObject(out, report as unknown as Record<string, unknown>, message);
    if (report.failed.length === 0) return;
    if (!out.json) {
      for (const f of report.failed) out.write(line(`failed: ${f.site} ${f.day ?? '(whole site)'}: ${f.error} (retried by the next runs)`));
    }
    // Some days are not rolled up: a script (or cron) running this must hear it.
    return 1;
  },
};
