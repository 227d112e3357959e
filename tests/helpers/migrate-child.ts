/**
 * A process that migrates databases as a starting server does, for the test of several starting
 * at once. `node --import tsx migrate-child.ts` prints "ready", then for each database path read
 * from stdin opens it, migrates it, closes it and prints one JSON line: `{"applied": [...]}` or
 * `{"error": "..."}`. Start-up is paid once, so a test can have the siblings race many times.
 */
import readline from 'node:readline';
import { openDatabase } from '../../server/db/connect.ts';
import { migrateToLatest } from '../../server/db/migrate.ts';

process.stdout.write('ready\n');
for await (const file of readline.createInterface({ input: process.stdin })) {
  try {
    const db = openDatabase(file);
    try {
      process.stdout.write(`${JSON.stringify({ applied: await migrateToLatest(db.kysely) })}\n`);
    } finally {
      await db.close();
    }
  } catch (error) {
    process.stdout.write(`${JSON.stringify({ error: String((error as Error)?.stack ?? error) })}\n`);
  }
}
