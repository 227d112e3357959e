import type { ParseArgsConfig } from 'node:util';
import type { Config } from '../config.ts';
import type { Db } from '../db/connect.ts';
import type { Output } from './output.ts';

export interface CommandContext {
  config: Config;
  db: Db;
  args: string[];
  values: Record<string, unknown>;
  out: Output;
}

export interface Command {
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  /** Resolves to the exit code when it is not 0 (the command did its work only in part). */
  run(ctx: CommandContext): Promise<void | number>;
}
