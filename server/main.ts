import { createApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { openDatabase } from './db/connect.ts';
import { migrateToLatest } from './db/migrate.ts';
import { DEFAULT_HTTP_LIMITS, listen } from './http-server.ts';
import { startJobs } from './jobs/start-jobs.ts';
import { createLogger, createLogThrottle } from './log.ts';
import { VERSION } from './version.ts';

/** config → db → migrate → app → listen → jobs; SIGTERM drains requests, commits, closes. */
async function main() {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const throttle = createLogThrottle();
  const db = openDatabase(config.databasePath, {
    checkpointInWorker: true,
    onCheckpointError: (error) => {
      const pass = throttle('checkpoint');
      if (pass) log.error('WAL checkpoint failed', { ...error, ...pass });
    },
  });
  const applied = await migrateToLatest(db.kysely);
  if (applied.length > 0) log.info('migrations applied', { applied });
  const cairn = await createApp({ config, db, log });
  const { server, address } = await listen(
    cairn.app.fetch,
    { port: config.port, hostname: config.host },
    { ...DEFAULT_HTTP_LIMITS, maxConnections: config.maxConnections },
  );
  log.info('listening', { version: VERSION, address: `http://${address.address}:${address.port}`, database: config.databasePath });
  // Only now: the first rollup after a long stop may take minutes, and the collector must answer meanwhile.
  const jobs = startJobs({ databasePath: config.databasePath, log, main: { 'purge-salts': () => cairn.identity.purgeSalts() } });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('shutting down', { signal });
    await jobs.stop();
    // Stop accepting, let in-flight requests finish (their events commit before they answer),
    // then commit anything queued and close the database so the WAL is checkpointed.
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      // Keep-alive connections turn idle as their last response goes out; close them as they do.
      const idle = setInterval(() => server.closeIdleConnections(), 50);
      idle.unref();
      setTimeout(() => server.closeAllConnections(), 10_000).unref();
    });
    await cairn.close();
    await db.close();
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error('cairn failed to start:', error);
  }
  process.exit(1);
});
