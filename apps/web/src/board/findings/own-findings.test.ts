import { describe, expect, it } from 'vitest';
import { FindingSecret } from '@hindsight/protocol';
import { newFindingSecret, OwnFindings } from './own-findings';

function memoryStorage() {
  const data = new Map<string, string>();
  return { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v), data };
}

describe('own anonymous findings', () => {
  it('mint secrets the server accepts, never twice the same', () => {
    const secrets = new Set(Array.from({ length: 200 }, newFindingSecret));
    expect(secrets.size).toBe(200);
    for (const secret of secrets) expect(FindingSecret.safeParse(secret).success).toBe(true);
  });

  it('persist per review, notify subscribers, and survive a new instance', () => {
    const storage = memoryStorage();
    const store = new OwnFindings('review-a', storage);
    let calls = 0;
    store.subscribe(() => calls++);
    store.add({ id: 'f1', secret: 's1', category: 'lucky', text: 'warm spare' });
    store.update('f1', { text: 'warm spare node' });
    expect(calls).toBe(2);
    expect(new OwnFindings('review-a', storage).all()).toEqual([
      { id: 'f1', secret: 's1', category: 'lucky', text: 'warm spare node' },
    ]);
    expect(new OwnFindings('review-b', storage).all()).toEqual([]);
    store.remove('f1');
    expect(new OwnFindings('review-a', storage).all()).toEqual([]);
  });

  it('ignore malformed stored entries', () => {
    const storage = memoryStorage();
    storage.setItem(
      'hindsight:anonymous:r',
      JSON.stringify([{ id: 1 }, { id: 'ok', secret: 's', category: 'went-well', text: 't' }, null]),
    );
    expect(new OwnFindings('r', storage).all().map((f) => f.id)).toEqual(['ok']);
    storage.setItem('hindsight:anonymous:r', '{not json');
    expect(new OwnFindings('r', storage).all()).toEqual([]);
  });
});
