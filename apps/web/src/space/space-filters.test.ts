import { describe, expect, it } from 'vitest';
import { SPACE_SEARCH_MAX_LENGTH as SEARCH_MAX_LENGTH } from '@hindsight/protocol';
import { highlightParts, isFiltered, NO_FILTERS, searchParams } from './space-filters';

describe('searchParams', () => {
  it('sends only what is set, the words trimmed', () => {
    expect(searchParams(NO_FILTERS)).toBe('');
    expect(searchParams({ ...NO_FILTERS, q: '  canary deploy ' })).toBe('q=canary+deploy');
    expect(
      searchParams({
        q: 'dns',
        severity: 'SEV1',
        weakness: 'deployment-rollback',
        from: '2026-01-01',
        to: '2026-03-31',
      }),
    ).toBe('q=dns&severity=SEV1&weakness=deployment-rollback&from=2026-01-01&to=2026-03-31');
  });

  it('caps the words at the server’s limit and leaves out a half-typed day', () => {
    const long = 'a'.repeat(SEARCH_MAX_LENGTH + 50);
    expect(new URLSearchParams(searchParams({ ...NO_FILTERS, q: long })).get('q')).toHaveLength(SEARCH_MAX_LENGTH);
    expect(searchParams({ ...NO_FILTERS, from: '2026-1-0', to: '' })).toBe('');
  });

  it('tells a filtered list from the whole space', () => {
    expect(isFiltered(NO_FILTERS)).toBe(false);
    expect(isFiltered({ ...NO_FILTERS, q: '   ' })).toBe(false);
    expect(isFiltered({ ...NO_FILTERS, severity: 'SEV2' })).toBe(true);
  });
});

describe('highlightParts', () => {
  it('marks every word searched for, whatever its case, and keeps the text whole', () => {
    const parts = highlightParts('The Canary stage caught the canary release', 'canary stage');
    expect(parts.map((part) => part.text).join('')).toBe('The Canary stage caught the canary release');
    expect(parts.filter((part) => part.match).map((part) => part.text)).toEqual(['Canary', 'stage', 'canary']);
  });

  it('matches a word as a prefix, and treats punctuation in the query as a separator, not a pattern', () => {
    expect(
      highlightParts('rollbacks', 'rollb')
        .filter((part) => part.match)
        .map((part) => part.text),
    ).toEqual(['rollb']);
    expect(highlightParts('a (b) c', '(b)*')).toEqual([
      { text: 'a (', match: false },
      { text: 'b', match: true },
      { text: ') c', match: false },
    ]);
  });

  it('leaves the text unmarked without words', () => {
    expect(highlightParts('text', '  ')).toEqual([{ text: 'text', match: false }]);
    expect(highlightParts('', 'x')).toEqual([]);
  });
});
