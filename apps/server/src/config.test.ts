import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('uses the documented defaults', () => {
    const config = loadConfig({});
    expect(config.port).toBe(8787);
    expect(config.host).toBe('127.0.0.1');
    expect(config.dataDir).toBe(path.resolve(fileURLToPath(import.meta.url), '../../../../data'));
    expect(config.limits.maxFrameBytes).toBe(1024 * 1024);
  });

  it('resolves a relative DATA_DIR against the directory the command was run from', () => {
    expect(loadConfig({ DATA_DIR: 'reviews', INIT_CWD: '/srv/hindsight' }).dataDir).toBe('/srv/hindsight/reviews');
    expect(loadConfig({ DATA_DIR: '/var/lib/hindsight' }).dataDir).toBe('/var/lib/hindsight');
  });

  it('reads overrides', () => {
    const config = loadConfig({ PORT: '0', HINDSIGHT_MAX_FRAME_BYTES: '65536', PUBLIC_URL: 'https://h.example.com/' });
    expect(config.port).toBe(0);
    expect(config.limits.maxFrameBytes).toBe(65536);
    expect(config.publicUrl).toBe('https://h.example.com');
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
