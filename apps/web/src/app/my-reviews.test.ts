import { describe, expect, it } from 'vitest';
import {
  dropToken,
  forgetReview,
  MY_REVIEWS_LIMIT,
  myReviewHref,
  openingAccess,
  parseMyReviews,
  recordReview,
  searchReviews,
  serialiseMyReviews,
  sortReviews,
  updateSummary,
  type MyReview,
  type ReviewSighting,
} from './my-reviews';

const sighting = (overrides: Partial<ReviewSighting> = {}): ReviewSighting => ({
  id: 'r1',
  title: 'Checkout outage',
  severity: 'SEV2',
  status: 'live',
  createdAt: '2026-03-14T09:00:00.000Z',
  role: 'facilitator',
  token: 'hs_fac1',
  at: '2026-03-14T10:00:00.000Z',
  ...overrides,
});

describe('recordReview', () => {
  it('adds a review the first time it is seen, with the token of its role', () => {
    const list = recordReview([], sighting());
    expect(list).toEqual([
      {
        id: 'r1',
        title: 'Checkout outage',
        severity: 'SEV2',
        status: 'live',
        createdAt: '2026-03-14T09:00:00.000Z',
        seenAt: '2026-03-14T10:00:00.000Z',
        tokens: { facilitator: 'hs_fac1' },
      },
    ]);
  });

  it('updates title, severity and status when the review is seen again, keeping one entry', () => {
    let list = recordReview([], sighting());
    list = recordReview(
      list,
      sighting({ title: 'Checkout API outage', severity: 'SEV1', status: 'closed', at: '2026-04-01T08:00:00.000Z' }),
    );
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      title: 'Checkout API outage',
      severity: 'SEV1',
      status: 'closed',
      seenAt: '2026-04-01T08:00:00.000Z',
    });
  });

  it('keeps the newest token per role and opens with the strongest role known', () => {
    let list = recordReview([], sighting({ role: 'viewer', token: 'hs_view1' }));
    expect(openingAccess(list[0]!)).toEqual({ role: 'viewer', token: 'hs_view1' });
    list = recordReview(list, sighting({ role: 'facilitator', token: 'hs_fac1', at: '2026-03-14T11:00:00.000Z' }));
    // Opening it again through a weaker link later does not lose the facilitator token.
    list = recordReview(list, sighting({ role: 'editor', token: 'hs_edit1', at: '2026-03-14T12:00:00.000Z' }));
    list = recordReview(list, sighting({ role: 'facilitator', token: 'hs_fac2', at: '2026-03-14T13:00:00.000Z' }));
    expect(list[0]!.tokens).toEqual({ viewer: 'hs_view1', editor: 'hs_edit1', facilitator: 'hs_fac2' });
    expect(openingAccess(list[0]!)).toEqual({ role: 'facilitator', token: 'hs_fac2' });
    expect(myReviewHref(list[0]!)).toBe('/r/r1#token=hs_fac2');
  });

  it('never moves the last-seen time backwards (an older tab reporting late)', () => {
    let list = recordReview([], sighting({ at: '2026-03-14T12:00:00.000Z' }));
    list = recordReview(list, sighting({ at: '2026-03-14T11:00:00.000Z' }));
    expect(list[0]!.seenAt).toBe('2026-03-14T12:00:00.000Z');
  });

  it('keeps at most MY_REVIEWS_LIMIT entries, dropping the ones seen longest ago', () => {
    let list: MyReview[] = [];
    for (let index = 0; index <= MY_REVIEWS_LIMIT; index++) {
      const at = new Date(Date.UTC(2026, 0, 1) + index * 60_000).toISOString();
      list = recordReview(list, sighting({ id: `r${index}`, at }));
    }
    expect(list).toHaveLength(MY_REVIEWS_LIMIT);
    expect(list.some((review) => review.id === 'r0')).toBe(false);
    expect(list[0]!.id).toBe(`r${MY_REVIEWS_LIMIT}`);
  });
});

describe('sortReviews', () => {
  it('lists the most recently seen first, then the newest review, then by id', () => {
    const base = recordReview([], sighting())[0]!;
    const list: MyReview[] = [
      { ...base, id: 'a', seenAt: '2026-03-01T00:00:00Z', createdAt: '2026-02-01T00:00:00Z' },
      { ...base, id: 'b', seenAt: '2026-03-05T00:00:00Z', createdAt: '2026-02-01T00:00:00Z' },
      { ...base, id: 'd', seenAt: '2026-03-01T00:00:00Z', createdAt: '2026-02-10T00:00:00Z' },
      { ...base, id: 'c', seenAt: '2026-03-01T00:00:00Z', createdAt: '2026-02-10T00:00:00Z' },
    ];
    expect(sortReviews(list).map((review) => review.id)).toEqual(['b', 'c', 'd', 'a']);
  });
});

describe('forgetReview', () => {
  it('removes only that review', () => {
    let list = recordReview([], sighting({ id: 'r1' }));
    list = recordReview(list, sighting({ id: 'r2', at: '2026-03-15T00:00:00.000Z' }));
    expect(forgetReview(list, 'r1').map((review) => review.id)).toEqual(['r2']);
    expect(forgetReview(list, 'unknown')).toEqual(list);
  });
});

describe('dropToken', () => {
  it('forgets a refused token, keeps the review while another token can open it, then drops it', () => {
    let list = recordReview([], sighting({ role: 'facilitator', token: 'hs_fac1' }));
    list = recordReview(list, sighting({ role: 'editor', token: 'hs_edit1' }));
    list = recordReview(list, sighting({ id: 'r2', role: 'viewer', token: 'hs_view2' }));
    list = dropToken(list, 'r1', 'hs_fac1');
    expect(list.find((review) => review.id === 'r1')?.tokens).toEqual({ editor: 'hs_edit1' });
    expect(openingAccess(list.find((review) => review.id === 'r1')!)).toEqual({ role: 'editor', token: 'hs_edit1' });
    list = dropToken(list, 'r1', 'hs_edit1');
    expect(list.map((review) => review.id)).toEqual(['r2']);
    expect(dropToken(list, 'r2', 'hs_other')).toEqual(list);
  });
});

describe('searchReviews', () => {
  const list = [
    sighting({ id: 'a', title: 'Checkout errors during payment slowdown' }),
    sighting({ id: 'b', title: 'Search latency in the EU' }),
    sighting({ id: 'c', title: 'Café menu outage' }),
  ].reduce<MyReview[]>((acc, seen) => recordReview(acc, seen), []);
  const ids = (query: string) =>
    searchReviews(list, query)
      .map((review) => review.id)
      .sort();

  it('matches every word of the query in the title, ignoring case and accents', () => {
    expect(ids('checkout')).toEqual(['a']);
    expect(ids('PAYMENT checkout')).toEqual(['a']);
    expect(ids('cafe')).toEqual(['c']);
    expect(ids('outage')).toEqual(['c']);
    expect(ids('latency checkout')).toEqual([]);
  });

  it('returns the whole list for an empty query', () => {
    expect(ids('  ')).toEqual(['a', 'b', 'c']);
  });
});

describe('parseMyReviews', () => {
  it('round-trips the stored form', () => {
    const list = recordReview(recordReview([], sighting({ id: 'r1' })), sighting({ id: 'r2', role: 'viewer' }));
    expect(parseMyReviews(serialiseMyReviews(list))).toEqual(list);
  });

  it('drops malformed entries, duplicates and entries without a token, and survives garbage', () => {
    const good = recordReview([], sighting())[0]!;
    const raw = JSON.stringify({
      version: 1,
      reviews: [
        good,
        { ...good, title: 'duplicate' },
        { ...good, id: 'no-token', tokens: {} },
        { ...good, id: 'bad-severity', severity: 'SEV9' },
        { ...good, id: 'bad-status', status: 'archived' },
        'nonsense',
        null,
      ],
    });
    expect(parseMyReviews(raw)).toEqual([good]);
    expect(parseMyReviews('{not json')).toEqual([]);
    expect(parseMyReviews(null)).toEqual([]);
    expect(parseMyReviews('[]')).toEqual([]);
  });
});

describe('updateSummary', () => {
  it('shows the current title, severity and status of one entry and keeps its tokens and place', () => {
    const list = [
      ...recordReview([], sighting({ id: 'r2', title: 'Other', at: '2026-03-15T10:00:00.000Z' })),
      ...recordReview([], sighting()),
    ];
    const next = updateSummary(list, 'r1', { title: 'Checkout API outage', severity: 'SEV1', status: 'closed' });
    expect(next.map((review) => review.id)).toEqual(['r2', 'r1']);
    expect(next[1]).toEqual({ ...list[1], title: 'Checkout API outage', severity: 'SEV1', status: 'closed' });
    expect(next[0]).toBe(list[0]);
  });

  it('leaves the list as it is for an unknown review or an unchanged summary', () => {
    const list = recordReview([], sighting());
    expect(updateSummary(list, 'nope', { title: 'X', severity: 'SEV1', status: 'closed' })).toEqual(list);
    const same = updateSummary(list, 'r1', { title: 'Checkout outage', severity: 'SEV2', status: 'live' });
    expect(same[0]).toBe(list[0]);
  });
});
