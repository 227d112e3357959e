import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonText, visible } from './output.ts';
import { runCairn } from '../../tests/helpers/test-cli.ts';

let dataDir: string;
const cairn = (args: string[]) => runCairn(args, { DATA_DIR: dataDir });
beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-cli-terminal-'));
  expect(await cairn(['site', 'add', 'example.com'])).toMatchObject({ code: 0 });
});
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

/** Red text, a C1 CSI (0x9b, what ESC [ is in one byte), right-to-left override, DEL, a tab and a newline. */
const HOSTILE = 'a\x1b[31mred\x9b2Jb\u202egnp.exe\x7f\tc\nd';
const SHOWN = 'a\\x1b[31mred\\x9b2Jb\\u202egnp.exe\\x7f\\tc\\nd';
/** Anything a terminal acts on: C0 but the line ends the printers write, DEL, C1, bidi controls. */
const RAW = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;
const rawIn = (text: string) => text.split('\n').filter((line) => RAW.test(line));

describe('visible', () => {
  it('shows what a terminal would act on as escapes, and leaves the rest alone', () => {
    expect(visible(HOSTILE)).toBe(SHOWN);
    expect(visible('\x00\x08\r\x1f\x80\x9f\u2066\u2069')).toBe('\\x00\\x08\\r\\x1f\\x80\\x9f\\u2066\\u2069');
    expect(visible('Grüße, 東京, émoji 🎉, « » ‐ \u00a0')).toBe('Grüße, 東京, émoji 🎉, « » ‐ \u00a0');
  });
});

describe('jsonText', () => {
  it('is JSON that reads back the same, with C1, DEL and bidi controls as \\u escapes', () => {
    const text = jsonText({ name: HOSTILE });
    expect(rawIn(text)).toEqual([]);
    expect(text).toContain('\\u009b');
    expect(text).toContain('\\u202e');
    expect(JSON.parse(text)).toEqual({ name: HOSTILE });
  });
});

describe('cairn output', () => {
  it('escapes a goal name in the message, the table and the error, and keeps --json exact', async () => {
    const added = await cairn(['goal', 'add', 'example.com', '--event', 'Signup', '--name', HOSTILE]);
    expect(added.code).toBe(0);
    expect(rawIn(added.stdout)).toEqual([]);
    expect(added.stdout).toContain(SHOWN);

    const listed = await cairn(['goal', 'list', 'example.com']);
    expect(rawIn(listed.stdout)).toEqual([]);
    expect(listed.stdout).toContain(SHOWN);

    const json = await cairn(['goal', 'list', 'example.com', '--json']);
    expect(rawIn(json.stdout)).toEqual([]);
    expect(JSON.parse(json.stdout)).toMatchObject([{ name: HOSTILE }]);

    const again = await cairn(['goal', 'add', 'example.com', '--event', 'Signup', '--name', HOSTILE]);
    expect(again.code).toBe(2);
    expect(rawIn(again.stderr)).toEqual([]);
    expect(again.stderr).toContain(SHOWN);
    const againJson = await cairn(['goal', 'add', 'example.com', '--event', 'Signup', '--name', HOSTILE, '--json']);
    expect(rawIn(againJson.stdout)).toEqual([]);
    expect(JSON.parse(againJson.stdout).error).toContain(HOSTILE);

    const deleted = await cairn(['goal', 'delete', 'example.com', HOSTILE]);
    expect(deleted.code).toBe(0);
    expect(rawIn(deleted.stdout)).toEqual([]);
  });

  it('escapes a key name in the key list', async () => {
    expect((await cairn(['key', 'create', '--site', 'example.com', '--name', HOSTILE])).code).toBe(0);
    const listed = await cairn(['key', 'list']);
    expect(rawIn(listed.stdout)).toEqual([]);
    expect(listed.stdout).toContain(SHOWN.slice(0, 40));
    expect(rawIn((await cairn(['key', 'list', '--json'])).stdout)).toEqual([]);
  });

  it('escapes an email on stdout and stderr', async () => {
    const email = 'ev\x1b]0;pwned\x07il\x9b\u202e@example.com';
    const added = await cairn(['user', 'add', email]);
    expect(added.code).toBe(0);
    expect(rawIn(added.stdout)).toEqual([]);
    expect(rawIn(added.stderr)).toEqual([]);
    expect(added.stderr).toContain('ev\\x1b]0;pwned\\x07il\\x9b\\u202e@example.com');
    for (const args of [['user', 'list'], ['user', 'list', '--json'], ['user', 'delete', email], ['user', 'delete', email]]) {
      const out = await cairn(args);
      expect(rawIn(out.stdout), args.join(' ')).toEqual([]);
      expect(rawIn(out.stderr), args.join(' ')).toEqual([]);
    }
  });

  it('escapes what an import quotes from the file', async () => {
    const log = path.join(dataDir, 'access.log');
    const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
    fs.writeFileSync(log, `203.0.113.7 - - [01/Mar/2026:10:00:00\x1b[2J\x9b\u202e +0000] "GET / HTTP/1.1" 200 512 "-" "${CHROME}"\n`);
    const failed = await cairn(['import-log', log, '--site', 'example.com', '--format', 'combined']);
    expect(failed.code).toBe(2);
    expect(failed.stderr).toContain('\\x1b[2J\\x9b\\u202e');
    expect(rawIn(failed.stderr)).toEqual([]);
    const skipped = await cairn(['import-log', log, '--site', 'example.com', '--format', 'combined', '--skip-invalid']);
    expect(skipped.stdout).toContain('\\x1b[2J\\x9b\\u202e');
    expect(rawIn(skipped.stdout)).toEqual([]);
    expect(rawIn((await cairn(['import-log', log, '--site', 'example.com', '--format', 'combined', '--skip-invalid', '--json'])).stdout)).toEqual([]);
  });
});
