import { describe, expect, it } from 'vitest';
import { OfflineNotes, publishingPath } from './offline-notes';

function memoryStorage() {
  const data = new Map<string, string>();
  return { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v), data };
}

const note = {
  category: 'went-wrong' as const,
  text: 'Retries piled up',
  author: 'Sam',
  writtenAt: '2026-03-14T10:00:00.000Z',
};

describe('notes written out of sync', () => {
  it('are published named unless the policy the server now has is anonymous', () => {
    expect(publishingPath('named')).toBe('named');
    expect(publishingPath('optional')).toBe('named');
    expect(publishingPath('anonymous')).toBe('anonymous');
  });

  it('persist per review and are taken out once, even by two tabs of the same browser', () => {
    const storage = memoryStorage();
    const tab = new OfflineNotes('review-a', storage);
    const otherTab = new OfflineNotes('review-a', storage);
    let calls = 0;
    tab.subscribe(() => calls++);
    const added = tab.add(note);
    expect(calls).toBe(1);
    expect(new OfflineNotes('review-a', storage).all()).toEqual([added]);
    expect(new OfflineNotes('review-b', storage).all()).toEqual([]);
    expect(otherTab.takeAll()).toEqual([added]);
    expect(tab.takeAll()).toEqual([]);
    otherTab.restore([added]);
    expect(new OfflineNotes('review-a', storage).all()).toEqual([added]);
    tab.remove(added.key);
    expect(new OfflineNotes('review-a', storage).all()).toEqual([]);
  });

  it('ignore malformed stored entries and keep working without storage', () => {
    const storage = memoryStorage();
    storage.setItem(
      'hindsight:offline-notes:r',
      JSON.stringify([{ key: 1 }, { ...note, key: 'ok' }, { ...note, key: 'bad-time', writtenAt: 'soon' }, null]),
    );
    expect(new OfflineNotes('r', storage).all().map((item) => item.key)).toEqual(['ok']);
    const memoryOnly = new OfflineNotes('r', null);
    const added = memoryOnly.add(note);
    memoryOnly.add(note);
    expect(memoryOnly.all()).toHaveLength(2);
    expect(memoryOnly.takeAll()[0]).toEqual(added);
  });
});
