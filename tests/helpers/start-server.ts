import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { childEnv } from './child-env.ts';
import { addSite, changeSite, type SiteChanges } from '../../server/admin/sites.ts';
import { openDatabase, type Db } from '../../server/db/connect.ts';
import type { EventRow, Site } from '../../server/db/schema.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

// A test that fails before it stops its server must not leave it running (holding a port, the CPU,
// a data directory) for the rest of the suite and beyond: whatever ends this test process ends them.
const children = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

export interface RunningServer {
  baseUrl: string;
  port: number;
  dataDir: string;
  /** Everything the server wrote to stdout and stderr. */
  output(): string;
  addSite(domain: string, options?: { timezone?: string; hostnames?: string[] }): Promise<Site>;
  changeSite(domain: string, changes: SiteChanges): Promise<Site>;
  events(): Promise<EventRow[]>;
  /** SIGTERM, then waits for a clean exit; returns the exit code. */
  stop(): Promise<number | null>;
  /** Ends the process at once (`SIGKILL`: no drain, no close), as a crash or the OOM killer would. */
  kill(): Promise<void>;
}

export interface StartOptions {
  /** An existing data directory (a restart, or a second server beside the first); a fresh one by default. */
  dataDir?: string;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** Starts the real server (`node --import tsx server/main.ts`) on a free port with a fresh data directory. */
export async function startServer(env: Record<string, string> = {}, options: StartOptions = {}): Promise<RunningServer> {
  const port = await freePort();
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-test-'));
  let output = '';
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: childEnv({ PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'debug', ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  child.on('exit', () => children.delete(child));
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitForHealth(baseUrl, exited, () => output);

  let db: Db | undefined;
  const database = () => (db ??= openDatabase(path.join(dataDir, 'cairn.db')));
  return {
    baseUrl,
    port,
    dataDir,
    output: () => output,
    addSite: (domain, options) => addSite(database().kysely, { domain, ...options }),
    changeSite: (domain, changes) => changeSite(database().kysely, domain, changes),
    events: () => database().kysely.selectFrom('events').selectAll().orderBy('id').execute(),
    async stop() {
      await db?.close();
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
    async kill() {
      await db?.close();
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

async function waitForHealth(baseUrl: string, exited: Promise<number | null>, output: () => string) {
  let done = false;
  void exited.then(() => (done = true));
  for (let i = 0; i < 200 && !done; i++) {
    try {
      const res = await fetch(`${baseUrl}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`server did not become healthy:\n${output()}`);
}
