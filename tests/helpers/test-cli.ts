import { vi } from 'vitest';
import { runCli } from '../../server/cli/main.ts';

/**
 * For tests: runs `cairn <args>` in-process (the same runCli the bin calls) with its own
 * environment, and what it wrote to stdout and stderr. Spawning node per command cost the suite
 * about 40 s; cli.test.ts still runs the real bin, through npx too.
 */
export async function runCairn(args: string[], env: Record<string, string | undefined>): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((stderr += String(s)), true));
  try {
    const code = await runCli(args, (s) => ((stdout += s), true), env);
    return { code, stdout, stderr };
  } finally {
    spy.mockRestore();
  }
}
