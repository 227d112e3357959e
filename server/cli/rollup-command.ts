import { runRollup } from '../rollup/run.ts';
import type { Command } from './command.ts';
import { printObject } from './output.ts';

export const rollup: Command = {
  usage: 'rollup',
  options: {},
  async run({ db, out }) {
    const report = await runRollup(db);
    const message = report.locked
      ? 'another process is rolling up right now; nothing done'
      : `rolled up ${report.days} site-days (${report.events} events) in ${report.ms} ms`;
    printObject(out, report as unknown as Record<string, unknown>, message);
  },
};
