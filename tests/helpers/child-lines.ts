import { spawn, type ChildProcess } from 'node:child_process';
import readline from 'node:readline';
import { childEnv } from './child-env.ts';

export interface LineChild {
  /** Sends one line; resolves with the next line the child prints. */
  ask(line: string): Promise<string>;
  stop(): Promise<void>;
}

/**
 * A `node --import tsx <script>` child spoken to in lines: it prints "ready" once loaded, then
 * one line for each line it is sent. Resolves once it is ready.
 */
export async function startLineChild(script: string, cwd: string): Promise<LineChild> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', script], { cwd, env: childEnv(), stdio: ['pipe', 'pipe', 'inherit'] });
  const waiting: Array<(line: string) => void> = [];
  const lines = readline.createInterface({ input: child.stdout! });
  lines.on('line', (line) => waiting.shift()?.(line));
  const next = () => new Promise<string>((resolve) => waiting.push(resolve));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = await Promise.race([next(), exited.then(() => 'exited')]);
  if (ready !== 'ready') throw new Error(`${script} did not start: ${ready}`);
  return {
    ask(line) {
      const answer = next();
      child.stdin!.write(`${line}\n`);
      return answer;
    },
    async stop() {
      child.stdin!.end();
      await exited;
    },
  };
}
