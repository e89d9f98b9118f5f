import { ConfigError, loadConfig } from './config';
import { createLogger } from './log';
import { startServer } from './server';

let config;
try {
  config = loadConfig();
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  process.stderr.write(`hindsight: ${err.message}\n`);
  process.exit(2);
}
const log = createLogger(config.logLevel, { service: 'hindsight' });
const server = await startServer(config, log);
// The storage in use, never the database URL itself (it may hold a password).
const storage = config.databaseUrl ? { storage: 'postgresql' } : { storage: 'sqlite', dataDir: config.dataDir };
log.info('listening', { url: server.url, port: server.port, ...storage });

const shutdown = (signal: string) => {
  log.info('shutdown', { signal });
  const force = setTimeout(() => process.exit(1), 10_000);
  force.unref();
  server.close().then(
    () => process.exit(0),
    (err) => {
      log.error('shutdown.failed', { err });
      process.exit(1);
    },
  );
};
process.once('SIGTERM', () => shutdown('SIGTERM'));
process.once('SIGINT', () => shutdown('SIGINT'));

// After an unexpected error the process's state is unknown: it stops and a supervisor restarts it
// (every update a client has seen is already stored). Exit code 1, whatever happens while stopping.
const CRASH_EXIT_DEADLINE_MS = 5_000;
let crashed = false;
const crash = (event: string) => (err: unknown) => {
  // The stack is what the operator needs to find the bug (other log lines keep only name and message).
  log.error(event, { err, stack: err instanceof Error ? err.stack : undefined });
  if (crashed) return;
  crashed = true;
  process.exitCode = 1;
  setTimeout(() => process.exit(1), CRASH_EXIT_DEADLINE_MS);
  server.crash().then(
    () => process.exit(1),
    (closeErr) => {
      log.error('crash.close_failed', { err: closeErr });
      process.exit(1);
    },
  );
};
process.on('uncaughtException', crash('uncaught'));
process.on('unhandledRejection', crash('unhandled_rejection'));
