import { describe, expect, it } from 'vitest';
import {
  DUPLICATE_WINDOW_MS,
  findProbableDuplicates,
  significantWords,
  wordSimilarity,
  type DuplicateCandidate,
  type ProbableDuplicate,
} from './duplicates';
import { readFixture } from '../testing/fixtures';
import { parseTimelineImport, readUserDirectory, type ImportedEvent } from './index';
import { mulberry32 } from '../testing/random';

const users = readUserDirectory(JSON.parse(readFixture('users.json')))!;
const csv = parseTimelineImport(readFixture('timeline.csv')).events;
const chat = parseTimelineImport(readFixture('incident-chat.json'), { users }).events;
const pager = parseTimelineImport(readFixture('pager-log.json')).events;

/** Rows as the preview orders them: by time, ties in input order. */
const byTime = (rows: readonly ImportedEvent[]) => [...rows].sort((a, b) => a.at.localeCompare(b.at));

/** One import into `board`: the rows' duplicates as [row text, text it repeats], and the board after adding the rest. */
function importInto(board: ImportedEvent[], rows: readonly ImportedEvent[]) {
  const sorted = byTime(rows);
  const marks = findProbableDuplicates(board, sorted);
  const pairs = sorted.flatMap((row, index) => {
    const mark = marks[index];
    if (!mark) return [];
    const other = mark.of.in === 'existing' ? board[mark.of.index]! : sorted[mark.of.index]!;
    return [[row.text, other.text]];
  });
  return { pairs, board: [...board, ...sorted.filter((_, index) => !marks[index])] };
}

const at = (time: string) => `2026-03-14T${time}.000Z`;

describe('findProbableDuplicates: the sample incident imported from CSV, then chat, then pager', () => {
  const afterCsv = importInto([], csv);
  const afterChat = importInto(afterCsv.board, chat);
  const afterPager = importInto(afterChat.board, pager);

  it('finds nothing within the CSV itself', () => {
    expect(afterCsv.pairs).toEqual([]);
    expect(afterCsv.board).toHaveLength(8);
  });

  it('marks the five chat messages that repeat a CSV row, and no other', () => {
    expect(afterChat.pairs).toEqual([
      // 10:00:15, the same second
      ['[FIRING] checkout-api p99 latency > 2s for 5m (eu-west-1)', 'checkout-api p99 latency alert fires (eu-west-1)'],
      // 10:08:00: a short hand-kept line beside a long message that says more
      [
        "I'm IC. Declaring SEV2: customers cannot complete checkout in EU. Status page update in 10 min",
        'SEV2 declared; IC assigned',
      ],
      // 10:16:00 in chat, written down as 10:15 by hand
      [
        'decision: roll back the config push rather than hotfix forward',
        'Roll back cfg-2291 instead of fixing forward',
      ],
      // 10:23:00
      [
        'pool usage back to 60/200, p99 latency 350ms. errors dropping',
        'Rollback completes; pool usage falls to 60/200',
      ],
      // 11:25:00
      [
        'webhook replay finished, 1,873 payments reconciled, 12 need manual review',
        'Failed payment webhooks replayed: 1,873 reconciled, 12 for manual review',
      ],
    ]);
  });

  it('marks the four pager entries already on the board, keeping the notification and the escalation', () => {
    expect(afterPager.pairs).toEqual([
      ['Triggered through the API: checkout-api p99 latency > 2s', 'checkout-api p99 latency alert fires (eu-west-1)'],
      // Ana Ruiz (U01ONCALL) acknowledged the page and said "ack" in the channel two seconds later
      ['Acknowledged by Ana Ruiz', 'ack, looking. error rate on /pay is climbing too'],
      // Chen Li's note at 10:16:00, when Chen Li posted the decision
      ['rolling back config push cfg-2291', 'Roll back cfg-2291 instead of fixing forward'],
      // Chen Li resolved the incident at 11:27:00 and said so in the channel the same second
      ['Resolved by Chen Li', 'resolved. post-incident review on Monday; please add what you noticed to the board'],
    ]);
  });

  it('leaves one event per happening: 8 from the CSV, 7 from the chat, 2 from the pager', () => {
    expect(afterPager.board.map((event) => `${event.at.slice(11, 19)} ${event.text}`).sort()).toEqual([
      '09:41:00 Config push cfg-2291 changes payments-db pool idle timeout from 300s to 3s',
      '10:00:15 checkout-api p99 latency alert fires (eu-west-1)',
      '10:00:20 Notified Ana Ruiz by push notification',
      '10:01:42 ack, looking. error rate on /pay is climbing too',
      '10:06:30 DB connection pool for payments-db is saturated: 200/200 in use',
      '10:06:30 Payment error rate reaches 38% in EU; customers cannot complete checkout',
      '10:07:30 Escalated to Payments on-call',
      '10:08:00 SEV2 declared; IC assigned',
      '10:10:10 support queue: 140 tickets about failed payments in the last 15 minutes',
      '10:15:00 Roll back cfg-2291 instead of fixing forward',
      '10:15:00 config push at 09:41 lowered the pool idle timeout from 300s to 3s (typo, meant 30s). connections churn and every request reconnects',
      '10:17:00 rollback started via deploy pipeline',
      '10:23:00 Rollback completes; pool usage falls to 60/200',
      '10:24:00 Status page: "Checkout recovering in EU"',
      '10:24:00 mitigated. keeping the incident open while we replay the failed payment webhooks',
      '11:25:00 Failed payment webhooks replayed: 1,873 reconciled, 12 for manual review',
      '11:27:00 resolved. post-incident review on Monday; please add what you noticed to the board',
    ]);
  });

  it('finds the same happenings when all three files are in one preview (duplicates of earlier rows)', () => {
    const together = importInto([], [...csv, ...chat, ...pager]);
    expect(together.board).toHaveLength(17);
    expect(together.pairs).toHaveLength(8 + 12 + 6 - 17);
    // a row is marked against the earlier of the two in time: the pager's 10:01:40 acknowledgement
    // comes before the chat's 10:01:42 "ack"
    expect(together.pairs).toContainEqual([
      'ack, looking. error rate on /pay is climbing too',
      'Acknowledged by Ana Ruiz',
    ]);
  });

  it('marks every row of a file imported a second time, as the same source id or the same words', () => {
    for (const [name, rows] of [
      ['csv', csv],
      ['chat', chat],
      ['pager', pager],
    ] as const) {
      const marks = findProbableDuplicates(rows, rows);
      expect(
        marks.every((mark) => mark !== null),
        name,
      ).toBe(true);
      const twice = findProbableDuplicates([], [...rows, ...rows]);
      expect(twice.slice(0, rows.length), name).toEqual(rows.map(() => null));
      const expectedReason = name === 'csv' ? 'same-time-similar-words' : 'same-source-id';
      expect(twice.slice(rows.length).map((mark) => mark?.reason)).toEqual(rows.map(() => expectedReason));
    }
  });
});

describe('findProbableDuplicates: rules', () => {
  const event = (time: string, text: string, extra: Partial<DuplicateCandidate> = {}): DuplicateCandidate => ({
    at: at(time),
    text,
    ...extra,
  });

  it('matches differently worded reports of one declaration, whatever the case, punctuation and accents', () => {
    const [mark] = findProbableDuplicates(
      [event('10:08:00', 'SEV2 declared')],
      [event('10:08:20', 'Declared SEV2 — paging on-call')],
    );
    expect(mark).toEqual({
      of: { in: 'existing', index: 0 },
      reason: 'same-time-similar-words',
      secondsApart: 20,
      similarity: 1,
    });
    expect(wordSimilarity('Rollback décidée: CHECKOUT-API!', 'rollback decidee — checkout-api')).toBe(1);
  });

  it('keeps unrelated events of the same second apart', () => {
    const distinct = [
      'Config push cfg-2291 changes payments-db pool idle timeout from 300s to 3s',
      'checkout-api p99 latency alert fires (eu-west-1)',
      'Payment error rate reaches 38% in EU; customers cannot complete checkout',
      'SEV2 declared; IC assigned',
      'Roll back cfg-2291 instead of fixing forward',
      'Rollback completes; pool usage falls to 60/200',
      'Status page: "Checkout recovering in EU"',
      'Affected customers emailed',
      'support queue: 140 tickets about failed payments in the last 15 minutes',
      'rollback started via deploy pipeline',
      'mitigated. keeping the incident open while we replay the failed payment webhooks',
      'Escalated to Payments on-call',
      'Pager alert silenced',
      'Alert acknowledged',
      'Rollback finished',
      'Payments team joined the call',
      'DB connection pool for payments-db is saturated: 200/200 in use',
    ];
    const rows = distinct.map((text) => event('10:00:00', text));
    expect(findProbableDuplicates([], rows)).toEqual(rows.map(() => null));
    // names are who did it, not what happened: two pager entries by the same person stay apart
    const byAna = [
      event('10:00:20', 'Notified Ana Ruiz by push notification', { source: 'pager · Ana Ruiz' }),
      event('10:00:40', 'Acknowledged by Ana Ruiz', { source: 'pager · Ana Ruiz' }),
    ];
    expect(findProbableDuplicates([], byAna)).toEqual([null, null]);
  });

  it('needs the two within 60 seconds, unless they carry the same source id', () => {
    const push = 'config push lowered the pool idle timeout from 300s to 3s';
    const base = event('09:41:00', push);
    expect(findProbableDuplicates([base], [event('09:42:00', push)])[0]).not.toBeNull();
    expect(findProbableDuplicates([base], [event('09:42:01', push)])[0]).toBeNull();
    expect(findProbableDuplicates([base], [event('10:15:00', push)])[0]).toBeNull();

    const [bySourceId] = findProbableDuplicates(
      [],
      [event('10:00:00', 'Alert', { sourceId: 'pager:R1A' }), event('12:00:00', 'edited', { sourceId: 'pager:R1A' })],
    ).slice(1);
    expect(bySourceId).toEqual({
      of: { in: 'import', index: 0 },
      reason: 'same-source-id',
      secondsApart: 7200,
      similarity: 1,
    });
  });

  it('prefers an event already on the timeline to an earlier row, then the most similar, then the nearest', () => {
    const row = event('10:00:05', 'checkout-api latency alert');
    const mostSimilar = findProbableDuplicates(
      [event('10:00:04', 'checkout-api latency degraded'), event('10:00:00', 'Latency alert on checkout-api')],
      [row, row],
    );
    expect(mostSimilar.map((mark) => mark?.of)).toEqual([
      { in: 'existing', index: 1 },
      { in: 'existing', index: 1 },
    ]);
    const nearest = findProbableDuplicates([event('10:00:00', row.text), event('10:00:06', row.text)], [row]);
    expect(nearest[0]?.of).toEqual({ in: 'existing', index: 1 });
  });

  it('reads words the same way in either text', () => {
    expect([...significantWords('Declaring SEV2: webhooks replayed, 1,873 reconciled', '')]).toEqual([
      'declar',
      'sev2',
      'webhook',
      'replay',
      '1873',
      'reconcil',
    ]);
    expect([...significantWords('Resolved by Chen Li', 'pager · Chen Li')]).toEqual(['resolv']);
    expect([...significantWords('Triggered: checkout-api down', 'pager · checkout-api')]).toContain('checkout-api');
  });
});

describe('findProbableDuplicates: seeded properties', () => {
  const texts = [...csv, ...chat, ...pager].map((event) => event.text);

  it('finds a reworded copy (shuffled, re-cased, re-punctuated, accented, padded) within 60 s', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const random = mulberry32(seed);
      const original = texts[Math.floor(random() * texts.length)]!;
      const copy = reword(original, random);
      const shift = Math.round((random() * 2 - 1) * DUPLICATE_WINDOW_MS);
      const start = Date.parse(at('10:00:00'));
      const marks = findProbableDuplicates(
        [{ at: new Date(start).toISOString(), text: original }],
        [{ at: new Date(start + shift).toISOString(), text: copy }],
      );
      expect(marks[0], `seed ${seed}: ${JSON.stringify(original)} vs ${JSON.stringify(copy)}`).toMatchObject({
        reason: 'same-time-similar-words',
        similarity: 1,
      });
    }
  });

  it('never pairs rows more than 60 s apart without a shared source id, and similarity is symmetric', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const random = mulberry32(seed);
      const start = Date.parse(at('10:00:00'));
      let clock = start;
      const rows = Array.from({ length: 8 }, () => {
        clock += DUPLICATE_WINDOW_MS + 1 + Math.floor(random() * 600_000);
        return { at: new Date(clock).toISOString(), text: texts[Math.floor(random() * 3)]! };
      });
      expect(findProbableDuplicates([], rows), `seed ${seed}`).toEqual(rows.map(() => null));
      const [a, b] = [texts[Math.floor(random() * texts.length)]!, texts[Math.floor(random() * texts.length)]!];
      const similarity = wordSimilarity(a, b);
      expect(similarity, `seed ${seed}`).toBe(wordSimilarity(b, a));
      expect(similarity >= 0 && similarity <= 1, `seed ${seed}`).toBe(true);
    }
  });
});

describe('findProbableDuplicates: indexed search', () => {
  const texts = [...csv, ...chat, ...pager].map((event) => event.text);

  it('gives what comparing every pair gives, on seeded imports', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const random = mulberry32(seed);
      const start = Date.parse(at('10:00:00'));
      const randomEvent = (): DuplicateCandidate => ({
        at: new Date(start + Math.floor(random() * 600) * 1000).toISOString(),
        text: texts[Math.floor(random() * texts.length)]!,
        source: random() < 0.3 ? 'pager · Ana Ruiz' : '',
        ...(random() < 0.3 ? { sourceId: `pager:R${Math.floor(random() * 5)}` } : {}),
      });
      const existing = Array.from({ length: Math.floor(random() * 30) }, randomEvent);
      const rows = Array.from({ length: 1 + Math.floor(random() * 40) }, randomEvent);
      expect(findProbableDuplicates(existing, rows), `seed ${seed}`).toEqual(everyPair(existing, rows));
    }
  });
});

/** The rules of `findProbableDuplicates`, written plainly: every row against every candidate. */
function everyPair(existing: DuplicateCandidate[], rows: DuplicateCandidate[]): Array<ProbableDuplicate | null> {
  const match = (a: DuplicateCandidate, b: DuplicateCandidate) => {
    const secondsApart = Math.round(Math.abs(Date.parse(a.at) - Date.parse(b.at)) / 1000);
    if (a.sourceId !== undefined && a.sourceId === b.sourceId) {
      return { reason: 'same-source-id' as const, secondsApart, similarity: 1 };
    }
    if (Math.abs(Date.parse(a.at) - Date.parse(b.at)) > DUPLICATE_WINDOW_MS) return null;
    const similarity = wordSimilarity(a.text, b.text, a.source, b.source);
    return similarity >= 0.5 ? { reason: 'same-time-similar-words' as const, secondsApart, similarity } : null;
  };
  const rank = (m: Omit<ProbableDuplicate, 'of'>, index: number) => [
    m.reason === 'same-source-id' ? 0 : 1,
    -m.similarity,
    m.secondsApart,
    index,
  ];
  const before = (a: number[], b: number[]) => {
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]!;
    return false;
  };
  return rows.map((row, rowIndex) => {
    for (const [place, pool] of [
      ['existing', existing],
      ['import', rows.slice(0, rowIndex)],
    ] as const) {
      let best: ProbableDuplicate | null = null;
      pool.forEach((other, index) => {
        const m = match(row, other);
        if (m && (best === null || before(rank(m, index), rank(best, best.of.index)))) {
          best = { of: { in: place, index }, ...m };
        }
      });
      if (best) return best;
    }
    return null;
  });
}

/** The same words in another order, case and punctuation, with accents and a few stop words added. */
function reword(text: string, random: () => number): string {
  const words = text.split(/\s+/).map((word) => word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''));
  for (let i = words.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [words[i], words[j]] = [words[j]!, words[i]!];
  }
  const padded = words.filter(Boolean).flatMap((word) => (random() < 0.2 ? ['the', word] : [word]));
  const accents: Record<string, string> = { e: 'é', a: 'à', o: 'ö', u: 'ü' };
  return padded
    .map((word) => (random() < 0.5 ? word.toUpperCase() : word))
    .map((word) => (random() < 0.3 ? word.replace(/[aeou]/g, (vowel) => accents[vowel] ?? vowel) : word))
    .join(random() < 0.5 ? ' ' : ' — ')
    .concat(random() < 0.5 ? '!' : '.');
}
