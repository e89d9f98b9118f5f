import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { CONFIG_VARIABLES, ConfigError, loadConfig } from './config';

const repoRoot = path.resolve(fileURLToPath(import.meta.url), '../../../..');

/** The README's configuration table: each variable with its documented default (null: none). */
function documentedDefaults(): Map<string, string | null> {
  const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  const rows = readme.matchAll(/^\| `([A-Z0-9_]+)` +\| (?:`([^`]*)`|[^|]*?) *\|/gm);
  return new Map([...rows].map((row) => [row[1]!, row[2] ?? null]));
}

describe('loadConfig', () => {
  it('documents every variable in the README, and each documented default is the one used when it is unset', () => {
    const documented = documentedDefaults();
    expect([...documented.keys()].sort()).toEqual([...CONFIG_VARIABLES].sort());
    const unset = loadConfig({});
    for (const [name, value] of documented) {
      if (value === null) continue;
      // The two folders are documented relative to the repository's top level.
      const given = name === 'DATA_DIR' || name === 'WEB_DIST' ? path.join(repoRoot, value) : value;
      expect(loadConfig({ [name]: given }), `${name}=${value}`).toEqual(unset);
    }
  });

  it('uses the defaults the limits and paths are built from', () => {
    const config = loadConfig({});
    expect(config.port).toBe(8787);
    expect(config.host).toBe('127.0.0.1');
    expect(config.dataDir).toBe(path.resolve(fileURLToPath(import.meta.url), '../../../../data'));
    expect(config.limits.maxFrameBytes).toBe(1024 * 1024);
    expect(config.limits).toMatchObject({
      updatesPerSecond: 100,
      updateBytesPerMinute: 32 * 1024 * 1024,
      maxDocumentBytes: 16 * 1024 * 1024,
    });
  });

  it('resolves a relative DATA_DIR against the directory the command was run from', () => {
    expect(loadConfig({ DATA_DIR: 'reviews', INIT_CWD: '/srv/hindsight' }).dataDir).toBe('/srv/hindsight/reviews');
    expect(loadConfig({ DATA_DIR: '/var/lib/hindsight' }).dataDir).toBe('/var/lib/hindsight');
  });

  it('refuses REDIS_URL without DATABASE_URL, and a Redis URL that is not one, without showing it', () => {
    const url = 'redis://:s3cret@127.0.0.1:6379';
    expect(() => loadConfig({ REDIS_URL: url })).toThrow(/REDIS_URL: several instances need one shared PostgreSQL; set DATABASE_URL/);
    expect(loadConfig({ REDIS_URL: url, DATABASE_URL: 'postgres://db/h' }).redisUrl).toBe(url);
    expect(loadConfig({}).redisUrl).toBeUndefined();
    const bad = () => loadConfig({ REDIS_URL: 'http://:s3cret@redis', DATABASE_URL: 'postgres://db/h' });
    expect(bad).toThrow(/REDIS_URL=\(hidden\): must be a Redis URL/);
    expect(bad).not.toThrow(/s3cret/);
  });

  it('stores in SQLite unless DATABASE_URL names a PostgreSQL database, whose value an error never shows', () => {
    expect(loadConfig({}).databaseUrl).toBeUndefined();
    expect(loadConfig({ DATABASE_URL: '' }).databaseUrl).toBeUndefined();
    const url = 'postgres://hindsight:s3cret@db.internal:5432/hindsight';
    expect(loadConfig({ DATABASE_URL: url }).databaseUrl).toBe(url);
    expect(loadConfig({ DATABASE_URL: 'postgresql://db/h' }).databaseUrl).toBe('postgresql://db/h');
    const bad = () => loadConfig({ DATABASE_URL: 'mysql://root:s3cret@db/h' });
    expect(bad).toThrow(/DATABASE_URL=\(hidden\): must be a PostgreSQL URL/);
    expect(bad).not.toThrow(/s3cret/);
  });

  it('reads overrides', () => {
    const config = loadConfig({ PORT: '0', HINDSIGHT_MAX_FRAME_BYTES: '65536', PUBLIC_URL: 'https://h.example.com/' });
    expect(config.port).toBe(0);
    expect(config.limits.maxFrameBytes).toBe(65536);
    expect(config.publicUrl).toBe('https://h.example.com');
    expect(() => loadConfig({ HINDSIGHT_UPDATES_PER_SECOND: '0' })).toThrow(/HINDSIGHT_UPDATES_PER_SECOND/);
  });

  it('limits by the socket address, with Node HTTP settings for an API, and no crash route, by default', () => {
    const config = loadConfig({});
    expect(config.rates).toEqual({
      create: { points: 30, seconds: 3600 },
      join: { points: 60, seconds: 60 },
      upgrade: { points: 300, seconds: 60 },
      joinLink: { points: 30, seconds: 60 },
    });
    expect(config.trustedProxy).toBeUndefined();
    expect(config.http).toEqual({
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 30_000,
      keepAliveTimeoutMs: 5_000,
      maxConnections: 10_000,
    });
    expect(config.crashRoute).toBe(false);
    expect(config.releaseDelayMs).toEqual({ min: 20_000, max: 90_000 });
  });

  it('reads the release delay window and refuses one that ends before it starts', () => {
    const window = { HINDSIGHT_RELEASE_DELAY_MIN_MS: '500', HINDSIGHT_RELEASE_DELAY_MAX_MS: '1500' };
    expect(loadConfig(window).releaseDelayMs).toEqual({ min: 500, max: 1500 });
    expect(() => loadConfig({ ...window, HINDSIGHT_RELEASE_DELAY_MAX_MS: '400' })).toThrowError(
      /HINDSIGHT_RELEASE_DELAY_MAX_MS/,
    );
  });

  it('reads a trusted proxy header (lower-cased) with its hop count, and 0 as no limit', () => {
    const config = loadConfig({
      HINDSIGHT_TRUSTED_PROXY_HEADER: 'X-Forwarded-For',
      HINDSIGHT_TRUSTED_PROXY_HOPS: '2',
      HINDSIGHT_JOINS_PER_MINUTE: '0',
      HINDSIGHT_CRASH_ROUTE: 'true',
      HINDSIGHT_CRASH_IN_COMPACTION: 'true',
    });
    expect(config.trustedProxy).toEqual({ header: 'x-forwarded-for', hops: 2 });
    expect(config.rates.join.points).toBe(0);
    expect(config.crashRoute).toBe(true);
    expect(config.crashInCompaction).toBe(true);
    expect(loadConfig({}).crashInCompaction).toBe(false);
    expect(() => loadConfig({ HINDSIGHT_TRUSTED_PROXY_HEADER: 'x forwarded: for' })).toThrowError(
      /HINDSIGHT_TRUSTED_PROXY_HEADER/,
    );
    expect(() => loadConfig({ HINDSIGHT_CRASH_ROUTE: 'sometimes' })).toThrowError(/HINDSIGHT_CRASH_ROUTE/);
  });

  it('names every bad variable in one clear error', () => {
    expect(() => loadConfig({ PORT: 'eighty', HINDSIGHT_MAX_FRAME_BYTES: '12', PUBLIC_URL: 'nope' })).toThrowError(
      ConfigError,
    );
    expect(() => loadConfig({ PORT: 'eighty', HINDSIGHT_MAX_FRAME_BYTES: '12' })).toThrowError(
      /PORT="eighty".*\n.*HINDSIGHT_MAX_FRAME_BYTES="12"/,
    );
  });
});
