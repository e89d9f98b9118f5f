import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { DEFAULT_LIMITS } from '@hindsight/protocol';

const here = path.dirname(fileURLToPath(import.meta.url));
/** `./data` at the repository's top level, wherever the server is started from. */
const DEFAULT_DATA_DIR = path.resolve(here, '../../../data');

const intFrom = (min: number, max: number) =>
  z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(min).max(max);

/** Environment variables, their defaults and bounds; one place, validated once at start-up. */
const EnvSchema = z.object({
  PORT: intFrom(0, 65535).default(8787),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).optional(),
  PUBLIC_URL: z.url({ error: 'must be an absolute URL such as https://hindsight.example.com' }).optional(),
  WEB_DIST: z.string().min(1).default(path.resolve(here, '../../web/dist')),
  HINDSIGHT_MAX_FRAME_BYTES: intFrom(1024, 64 * 1024 * 1024).default(DEFAULT_LIMITS.maxFrameBytes),
  HINDSIGHT_MAX_BODY_BYTES: intFrom(256, 16 * 1024 * 1024).default(DEFAULT_LIMITS.maxBodyBytes),
  HINDSIGHT_AWARENESS_PER_10S: intFrom(1, 100_000).default(DEFAULT_LIMITS.awarenessPer10s),
  HINDSIGHT_MAX_CONNECTIONS_PER_ROOM: intFrom(1, 100_000).default(DEFAULT_LIMITS.maxConnectionsPerRoom),
  HINDSIGHT_COMPACT_EVERY: intFrom(1, 1_000_000).default(500),
  HINDSIGHT_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  publicUrl: string | undefined;
  webDist: string;
  limits: {
    maxFrameBytes: number;
    maxBodyBytes: number;
    awarenessPer10s: number;
    maxConnectionsPerRoom: number;
    maxAwarenessStateBytes: number;
  };
  /** Compact a review's update log into its snapshot after this many appended updates. */
  compactEvery: number;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
}

export class ConfigError extends Error {}

/** Reads and validates the configuration; throws ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const defined = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(defined);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0]);
      return `  ${name}=${JSON.stringify(env[name])}: ${issue.message}`;
    });
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    // pnpm runs scripts inside the package; a relative DATA_DIR means relative to where the user ran the command.
    dataDir: e.DATA_DIR ? path.resolve(env.INIT_CWD ?? process.cwd(), e.DATA_DIR) : DEFAULT_DATA_DIR,
    publicUrl: e.PUBLIC_URL?.replace(/\/+$/, ''),
    webDist: path.resolve(e.WEB_DIST),
    limits: {
      maxFrameBytes: e.HINDSIGHT_MAX_FRAME_BYTES,
      maxBodyBytes: e.HINDSIGHT_MAX_BODY_BYTES,
      awarenessPer10s: e.HINDSIGHT_AWARENESS_PER_10S,
      maxConnectionsPerRoom: e.HINDSIGHT_MAX_CONNECTIONS_PER_ROOM,
      maxAwarenessStateBytes: DEFAULT_LIMITS.maxAwarenessStateBytes,
    },
    compactEvery: e.HINDSIGHT_COMPACT_EVERY,
    logLevel: e.HINDSIGHT_LOG_LEVEL,
  };
}
