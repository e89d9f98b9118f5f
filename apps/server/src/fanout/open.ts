import type { Config } from '../config';
import type { Logger } from '../log';
import { LocalFanout } from './local';
import type { Fanout } from './types';

/** Redis when REDIS_URL is set (several instances), else the in-process bus (one instance). */
export async function openFanout(
  config: Pick<Config, 'redisUrl' | 'redisPrefix' | 'fanoutDropEvery'>,
  log: Logger,
): Promise<Fanout> {
  if (!config.redisUrl) return new LocalFanout();
  // Loaded only here: the Redis client weighs about 20 MB that a single instance never uses.
  const { RedisFanout } = await import('./redis');
  const fanout = new RedisFanout(
    config.redisUrl,
    { prefix: config.redisPrefix, dropEvery: config.fanoutDropEvery },
    log,
  );
  if (config.fanoutDropEvery > 0) log.warn('fanout_drop_enabled', { every: config.fanoutDropEvery });
  try {
    await fanout.ready();
  } catch (err) {
    await fanout.close();
    const where = new URL(config.redisUrl);
    // The host and port only: the URL may hold a password.
    throw new Error(`cannot reach Redis at ${where.hostname}:${where.port || 6379}: ${(err as Error).message}`);
  }
  return fanout;
}
