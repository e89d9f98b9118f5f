import { describe, expect, it } from 'vitest';
import { searchTerms, snippet, SNIPPET_MAX_CHARS } from './space-search';

describe('searchTerms', () => {
  it('keeps runs of letters and digits, lowercased, at most eight', () => {
    expect(searchTerms('  Pool-timeout "3s" OR café*  ').words).toEqual(['pool', 'timeout', '3s', 'or', 'café']);
    expect(searchTerms('a b c d e f g h i j').words).toHaveLength(8);
    expect(searchTerms('"*^(-)').words).toEqual([]);
  });
});

describe('snippet', () => {
  const long = `${'Before the incident the team ran drills every week. '.repeat(4)}Then the connection pool ran dry during the deployment of cfg-2291, and retries piled up. ${'Afterwards everyone went home. '.repeat(4)}`;

  it('shows a short text whole, its spaces folded', () => {
    expect(snippet('Pool  ran\ndry', ['pool'])).toBe('Pool ran dry');
  });

  it('cuts a long text at word boundaries around the first word a query word begins', () => {
    const cut = snippet(long, ['deploy', 'pool']);
    expect(cut).toMatch(/^…\S/);
    expect(cut).toMatch(/\S…$/);
    expect(cut).toContain('connection pool ran dry during the deployment');
    expect(cut.length).toBeLessThanOrEqual(SNIPPET_MAX_CHARS + 2);
    // Whole words only, at a word's beginning ("drills" is no match for "ills").
    expect(snippet(long, ['ills'])).toBe(snippet(long, ['zzz']));
  });

  it('shows the beginning when no word is found as written (a stemmed match)', () => {
    const cut = snippet(long, ['retry']);
    expect(cut.startsWith('Before the incident')).toBe(true);
    expect(cut.endsWith('…')).toBe(true);
  });
});
