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
log.info('listening', { url: server.url, port: server.port, dataDir: config.dataDir });

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
process.on('uncaughtException', (err) => log.error('uncaught', { err }));
process.on('unhandledRejection', (err) => log.error('unhandled_rejection', { err }));
