import { parseArgs } from 'node:util';
import { AppError } from '../errors.ts';
import { ConfigError, loadConfig } from '../config.ts';
import { openDatabase } from '../db/connect.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { retentionRun } from './retention-command.ts';
import { rollup } from './rollup-command.ts';
import type { Command } from './command.ts';
import { jsonText, line } from './output.ts';
import { siteAdd, siteList, UsageError } from './site-commands.ts';
import { siteSet } from './site-set-command.ts';
import { keyCreate, keyList, keyRevoke } from './key-commands.ts';
import { goalAdd, goalDelete, goalList } from './goal-commands.ts';
import { importCommand } from './import-command.ts';
import { importLogCommand } from './import-log-command.ts';
import { userAdd, userDelete, userList, userPassword } from './user-commands.ts';

/** Every command, by its words; each reads the same configuration as the server. */
const COMMANDS: Record<string, Command> = {
  rollup,
  'retention run': retentionRun,
  'site add': siteAdd,
  'site list': siteList,
  'site set': siteSet,
  'key create': keyCreate,
  'key list': keyList,
  'key revoke': keyRevoke,
  'goal add': goalAdd,
  'goal list': goalList,
  'goal delete': goalDelete,
  import: importCommand,
  'import-log': importLogCommand,
  'user add': userAdd, 'user list': userList, 'user delete': userDelete, 'user password': userPassword,
};

function usage(): string {
  const lines = Object.values(COMMANDS).map((c) => `  cairn ${c.usage} [--json]`);
  return `Usage:\n${lines.join('\n')}\n\nConfiguration comes from the environment (DATA_DIR, DATABASE_URL, ...), as for the server.`;
}

export async function runCli(
  argv: string[],
  write = (s: string) => process.stdout.write(s),
  env: Record<string, string | undefined> = process.env,
): Promise<number> {
  const key = Object.keys(COMMANDS).find((k) => k.split(' ').every((word, i) => argv[i] === word));
  if (!key || argv.includes('--help') || argv.includes('-h')) {
    (key ? write : (s: string) => process.stderr.write(s))(`${usage()}\n`);
    return key || argv.includes('--help') || argv.includes('-h') ? 0 : 2;
  }
  const command = COMMANDS[key]!;
  const json = argv.includes('--json');
  try {
    const { values, positionals } = parseArgs({
      args: argv.slice(key.split(' ').length),
      options: { ...command.options, json: { type: 'boolean' } },
      allowPositionals: true,
    });
    const config = loadConfig(env);
    const db = openDatabase(config.databasePath);
    try {
      await migrateToLatest(db.kysely);
      return (await command.run({ config, db, args: positionals, values, out: { json, write } })) ?? 0;
    } finally {
      await db.close();
    }
  } catch (error) {
    const known = error instanceof AppError || error instanceof ConfigError || error instanceof UsageError
      || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    const message = known ? (error as Error).message : String((error as Error)?.stack ?? error);
    if (json) write(`${jsonText({ error: message })}\n`);
    // A message quotes what was typed or read (a goal name, a line of a log): one line, escaped.
    else if (known) process.stderr.write(`${line(`cairn ${key}: ${message}`)}usage: cairn ${command.usage}\n`);
    // A stack is ours, and readable only with its lines.
    else process.stderr.write(`cairn ${key}: ${message.split('\n').map(line).join('')}`);
    return known ? 2 : 1;
  }
}
