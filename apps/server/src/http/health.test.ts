import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalFanout } from '../fanout';
import { SqliteStore } from '../store';
import { healthRoutes } from './health';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function store(): SqliteStore {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hindsight-health-'));
  dirs.push(dir);
  return new SqliteStore(path.join(dir, 'db.sqlite'));
}

describe('GET /api/health', () => {
  it('is 200 while the SQLite file answers, and 503 once the database is closed', async () => {
    const db = store();
    const app = healthRoutes({ store: db, fanout: new LocalFanout() });
    const up = await app.request('/');
    expect([up.status, await up.json()]).toEqual([200, { ok: true, database: 'ok', redis: 'unused' }]);
    await db.close();
    const down = await app.request('/');
    expect([down.status, await down.json()]).toEqual([503, { ok: false, database: 'down', redis: 'unused' }]);
  });
});
