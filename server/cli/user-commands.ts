import { generatePassword } from '../auth/password.ts';
import { addUser, deleteUser, listUsers, normalizeEmail, resetPassword } from '../auth/users.ts';
import type { Command, CommandContext } from './command.ts';
import { line, printObject, printRows } from './output.ts';
import { UsageError } from './site-commands.ts';

const PASSWORD_OPTIONS = { 'password-stdin': { type: 'boolean' } } as const;

/** The password from stdin (one trailing newline dropped, as `echo` adds one), or a generated one. */
async function newPassword(values: Record<string, unknown>): Promise<{ password: string; generated: boolean }> {
  if (!values['password-stdin']) return { password: generatePassword(), generated: true };
  if (process.stdin.isTTY) process.stderr.write('Type the password, then press Enter and Ctrl-D:\n');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return { password: Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, ''), generated: false };
}

/** A generated password alone on stdout, so `PW=$(cairn user add …)` captures it; the reminder goes to stderr. */
function printPassword(out: CommandContext['out'], email: string, password: string, generated: boolean, done: string) {
  if (out.json) return printObject(out, generated ? { email, password } : { email }, '');
  if (!generated) return out.write(line(`${done} ${email}`));
  out.write(`${password}\n`);
  process.stderr.write(line(`${done} ${email}. This is the password: it is shown once and never stored (only its hash).`));
}

export const userAdd: Command = {
  usage: 'user add <email> [--password-stdin]',
  options: PASSWORD_OPTIONS,
  async run({ db, args, values, out }) {
    const [email] = args;
    if (!email || args.length > 1) throw new UsageError('user add needs one email address');
    const { password, generated } = await newPassword(values);
    const user = await addUser(db.kysely, { email, password });
    printPassword(out, user.email, password, generated, 'Added');
  },
};

export const userList: Command = {
  usage: 'user list',
  options: {},
  async run({ db, out }) {
    const rows = (await listUsers(db.kysely)).map((u) => ({ email: u.email, created_at: new Date(u.created_at).toISOString(), sessions: u.sessions }));
    printRows(out, rows, 'No users yet. Add one with: npx cairn user add you@example.com');
  },
};

export const userDelete: Command = {
  usage: 'user delete <email>',
  options: {},
  async run({ db, args, out }) {
    const [email] = args;
    if (!email) throw new UsageError('user delete needs an email address');
    await deleteUser(db.kysely, email);
    printObject(out, { deleted: normalizeEmail(email) }, `deleted ${normalizeEmail(email)} and their sessions`);
  },
};

export const userPassword: Command = {
  usage: 'user password <email> [--password-stdin]',
  options: PASSWORD_OPTIONS,
  async run({ db, args, values, out }) {
    const [email] = args;
    if (!email) throw new UsageError('user password needs an email address');
    const { password, generated } = await newPassword(values);
    await resetPassword(db.kysely, email, password);
    printPassword(out, normalizeEmail(email), password, generated, 'New password set (and every session ended) for');
  },
};
