import { describe, expect, it } from 'vitest';
import { newId } from './ids';

describe('newId', () => {
  it('returns distinct 22-character url-safe ids', () => {
    const ids = new Set(Array.from({ length: 1000 }, newId));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });
});
