import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, SqliteStore } from './index';
import { describeStoreContract, type StoreFactory } from '../../testing/store.contract';
import { describeSpaceStoreContract } from '../../testing/space-store.contract';
import { describeWebhookStoreContract } from '../../testing/webhook-store.contract';

let dir: string | undefined;

const factory: StoreFactory = {
  async open() {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hindsight-store-'));
    return new SqliteStore(path.join(dir, 'hindsight.sqlite'));
  },
  async cleanup() {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  },
  async openSecond() {
    return new SqliteStore(path.join(dir!, 'hindsight.sqlite'));
  },
};
describeStoreContract('SQLite', factory);
describeSpaceStoreContract('SQLite', factory);
describeWebhookStoreContract('SQLite', factory);

describe('SQLite connection settings', () => {
  // What a kill -9 test cannot show (the page cache outlives the process): each commit is fsynced
  // because the connection runs in WAL mode with synchronous=FULL; and deleted bytes are zeroed.
  it('commits with an fsync (WAL, synchronous=FULL) and overwrites deleted content (secure_delete)', () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'hindsight-pragmas-'));
    const db = openDatabase(path.join(folder, 'hindsight.sqlite'));
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('synchronous', { simple: true }), '2 = FULL').toBe(2);
      expect(db.pragma('secure_delete', { simple: true })).toBe(1);
    } finally {
      db.close();
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('SQLite migration', () => {
  let oldDir: string | undefined;
  afterEach(() => {
    if (oldDir) fs.rmSync(oldDir, { recursive: true, force: true });
  });

  /** A database file in a fresh folder, with the tables an older release made (`oldSchema`), if any. */
  function databaseFile(oldSchema?: string): string {
    oldDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hindsight-migrate-'));
    const file = path.join(oldDir, 'hindsight.sqlite');
    if (oldSchema !== undefined) {
      const old = new Database(file);
      old.exec(oldSchema);
      old.close();
    }
    return file;
  }

  it('upgrades a file from before link ids: every link gets a random id and keeps working', async () => {
    // The tables as the first release created them.
    const file = databaseFile(`
      CREATE TABLE reviews (id TEXT PRIMARY KEY, severity TEXT NOT NULL, created_at TEXT NOT NULL);
      CREATE TABLE tokens (hash TEXT PRIMARY KEY, review_id TEXT NOT NULL REFERENCES reviews(id),
        role TEXT NOT NULL, created_at TEXT NOT NULL);
      CREATE TABLE participants (id TEXT PRIMARY KEY, review_id TEXT NOT NULL REFERENCES reviews(id),
        token_hash TEXT NOT NULL UNIQUE, role TEXT NOT NULL, created_at TEXT NOT NULL);
      INSERT INTO reviews VALUES ('review-old', 'SEV2', '2025-01-01T00:00:00.000Z');
      INSERT INTO tokens VALUES ('hash-fac', 'review-old', 'facilitator', '2025-01-01T00:00:00.000Z');
      INSERT INTO tokens VALUES ('hash-edit', 'review-old', 'editor', '2025-01-01T00:00:00.000Z');
      INSERT INTO participants VALUES ('p-old', 'review-old', 'ph-old', 'editor', '2025-01-01T00:00:00.000Z');
    `);

    const store = new SqliteStore(file);
    const links = await store.listTokens('review-old');
    expect(links.map((l) => [l.role, l.expiresAt, l.revokedAt])).toEqual([
      ['facilitator', null, null],
      ['editor', null, null],
    ]);
    for (const l of links) expect(l.id).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(new Set(links.map((l) => l.id)).size).toBe(2);
    expect(await store.findToken('hash-edit')).toMatchObject({ id: links[1]!.id, role: 'editor' });
    expect(await store.findParticipant('ph-old')).toMatchObject({ id: 'p-old', linkId: null });
    // The new columns work on the migrated file.
    expect(await store.revokeToken('review-old', links[1]!.id, '2026-01-01T00:00:00.000Z')).toMatchObject({ ok: true });
    await store.close();

    // Opening again changes nothing: the ids stay.
    const reopened = new SqliteStore(file);
    expect((await reopened.listTokens('review-old')).map((l) => l.id)).toEqual(links.map((l) => l.id));
    expect(await reopened.findToken('hash-edit')).toMatchObject({ revokedAt: '2026-01-01T00:00:00.000Z' });
    await reopened.close();
  });

  it('adds the label column to a file from before link labels: old links have none, new ones keep theirs', async () => {
    // The tokens table as it was just before labels (ids, expiry and revocation already there).
    const file = databaseFile(`
      CREATE TABLE reviews (id TEXT PRIMARY KEY, severity TEXT NOT NULL, created_at TEXT NOT NULL);
      CREATE TABLE tokens (hash TEXT PRIMARY KEY, review_id TEXT NOT NULL REFERENCES reviews(id),
        role TEXT NOT NULL, created_at TEXT NOT NULL, id TEXT NOT NULL, expires_at TEXT, revoked_at TEXT);
      CREATE UNIQUE INDEX tokens_id ON tokens(id);
      INSERT INTO reviews VALUES ('review-old', 'SEV2', '2025-01-01T00:00:00.000Z');
      INSERT INTO tokens VALUES ('hash-fac', 'review-old', 'facilitator', '2025-01-01T00:00:00.000Z',
        'link-fac-0000001', NULL, NULL);
      INSERT INTO tokens VALUES ('hash-edit', 'review-old', 'editor', '2025-01-01T00:00:00.000Z',
        'link-edit-000001', '2030-01-01T00:00:00.000Z', NULL);
    `);

    const store = new SqliteStore(file);
    expect((await store.listTokens('review-old')).map((l) => [l.id, l.role, l.label, l.expiresAt])).toEqual([
      ['link-fac-0000001', 'facilitator', null, null],
      ['link-edit-000001', 'editor', null, '2030-01-01T00:00:00.000Z'],
    ]);
    await store.createToken({
      id: 'link-edit-000002',
      hash: 'hash-edit-2',
      reviewId: 'review-old',
      role: 'editor',
      label: 'Sam’s team',
      createdAt: '2026-01-01T00:00:00.000Z',
      expiresAt: null,
      personal: false,
      revokedAt: null,
    });
    await store.close();

    // Opening again keeps everything, the new label included.
    const reopened = new SqliteStore(file);
    expect(await reopened.findToken('hash-edit-2')).toMatchObject({ id: 'link-edit-000002', label: 'Sam’s team' });
    expect(await reopened.findToken('hash-edit')).toMatchObject({ id: 'link-edit-000001', label: null });
    await reopened.close();
  });

  it('coarsens the millisecond live-release times of a file from before, and adds the pending-change column', async () => {
    // The anonymous findings table as it was when release_at held the release moment to the millisecond.
    const file = databaseFile(`
      CREATE TABLE reviews (id TEXT PRIMARY KEY, severity TEXT NOT NULL, created_at TEXT NOT NULL);
      CREATE TABLE anonymous_findings (review_id TEXT NOT NULL REFERENCES reviews(id), id TEXT NOT NULL,
        secret_hash TEXT NOT NULL, held INTEGER NOT NULL, category TEXT, text TEXT, created_at TEXT NOT NULL,
        release_at TEXT, PRIMARY KEY (review_id, id)) WITHOUT ROWID;
      INSERT INTO reviews VALUES ('review-old', 'SEV2', '2025-01-01T00:00:00.000Z');
      INSERT INTO anonymous_findings VALUES ('review-old', 'f1', 'hash', 1, 'lucky', 'words',
        '2025-01-01T14:00:00.000Z', '2025-01-01T14:07:31.482Z');
    `);
    const store = new SqliteStore(file);
    expect(await store.findAnonymousFinding('review-old', 'f1')).toMatchObject({
      releaseAt: '2025-01-01T14:00:00.000Z',
      pendingChange: null,
    });
    expect(await store.pendingReleases()).toEqual([{ reviewId: 'review-old', id: 'f1' }]);
    await store.close();
  });

  it('adds the quarantine table to a file from before it, keeping the log', async () => {
    const file = databaseFile();
    const first = new SqliteStore(file);
    await first.createReview(
      { id: 'review-old', severity: 'SEV2', createdAt: '2025-01-01T00:00:00.000Z' },
      [],
      new Uint8Array([0, 0]),
    );
    const seq = await first.appendUpdate('review-old', new Uint8Array([1, 2, 3]));
    await first.close();
    const old = new Database(file);
    old.exec('DROP TABLE quarantine');
    old.close();

    const store = new SqliteStore(file);
    expect((await store.loadDocument('review-old')).updates).toEqual([{ seq, data: new Uint8Array([1, 2, 3]) }]);
    await store.quarantineUpdate('review-old', seq, 'bad');
    expect(await store.quarantinedUpdates('review-old')).toMatchObject([{ seq, error: 'bad', byteLength: 3 }]);
    expect((await store.loadDocument('review-old')).updates).toEqual([]);
    await store.close();
  });
});
