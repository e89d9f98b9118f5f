import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SqliteStore } from './sqlite';
import { describeStoreContract } from './store.contract';

let dir: string | undefined;

describeStoreContract('SQLite', {
  async open() {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hindsight-store-'));
    return new SqliteStore(path.join(dir, 'hindsight.sqlite'));
  },
  async cleanup() {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  },
});
