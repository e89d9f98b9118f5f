import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyAwarenessUpdate, Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import { ReviewExport } from '@hindsight/protocol/export';
import {
  addAction,
  addFinding,
  addGroup,
  applyControlPatch,
  addTimelineEvent,
  eventContextText,
  closeReview,
  listFindings,
  narrativeFragment,
  promoteToRootCause,
  rootCauseId,
  setKeyTime,
  updateFinding,
  writeTallies,
  type ReviewExportData,
} from '@hindsight/review';
import { useTestApp } from '../testing/test-app';

const t = useTestApp();

/** Every participant name the sample uses: none may appear in a redacted export. */
const NAMES = ['Priya Raman', 'Sam Okafor', 'Jordan Lee', 'Alex Kim', 'Mei Tanaka'] as const;
const HOSTILE = '<img src=x onerror=alert(1)> [x](javascript:alert(1)) **b** | pipe\n# heading';
const ANONYMOUS_TEXT = 'Nobody felt able to question the push';

interface Created {
  id: string;
  tokens: { facilitator: string; edit: string; view: string };
}

/** A review with named, anonymous (through the real reveal) and hostile findings, tallies, closed. */
async function sampleReview(): Promise<Created> {
  const created = (await (
    await t.call('POST', '/api/reviews', undefined, { title: 'Checkout outage, "March"', severity: 'SEV2' })
  ).json()) as Created;
  const { id, tokens } = created;
  await t.call('PATCH', `/api/reviews/${id}/control`, tokens.facilitator, { anonymity: 'optional' });
  const { participantToken } = (await (
    await t.call('POST', `/api/reviews/${id}/participants`, tokens.edit)
  ).json()) as {
    participantToken: string;
  };
  const posted = await t.call('POST', `/api/reviews/${id}/anonymous-findings`, participantToken, {
    category: 'went-wrong',
    text: ANONYMOUS_TEXT,
    secret: randomBytes(32).toString('base64url'),
  });
  expect(posted.status).toBe(201);
  await t.call('POST', `/api/reviews/${id}/anonymous-findings/reveal`, tokens.facilitator);
  await t.rooms.withRoom(id, (room) =>
    room.applyServerChange((doc) => {
      setKeyTime(doc, 'started', '2026-03-14T09:41:00Z');
      setKeyTime(doc, 'detected', '2026-03-14T10:00:15Z');
      const paragraph = new Y.XmlElement('paragraph');
      const text = new Y.XmlText();
      text.insert(0, 'The pool ran dry. ');
      text.insert(18, 'Roll back first.', { bold: {} });
      paragraph.insert(0, [text]);
      narrativeFragment(doc, 'summary').insert(0, [paragraph]);
      addTimelineEvent(doc, {
        at: '2026-03-14T09:41:00Z',
        kind: 'action',
        text: 'Config push | cfg-2291',
        source: 'deploy',
      });
      addTimelineEvent(doc, {
        at: '2026-03-14T10:00:15Z',
        kind: 'detection',
        text: 'Latency alert\nfires',
        source: 'pager',
        learnedAt: '2026-03-14T10:04:00Z',
      });
      const rollBack = addTimelineEvent(doc, { at: '2026-03-14T10:10:00Z', kind: 'decision', text: 'Roll back' });
      eventContextText(doc, rollBack, 'known')!.insert(0, 'Only the latency alert');
      const anonymousId = listFindings(doc)[0]!.id;
      const push = addFinding(doc, {
        category: 'went-wrong',
        text: 'Config push went out without review',
        author: NAMES[0],
      });
      const pager = addFinding(doc, { category: 'went-wrong', text: 'Pager went to the old rota', author: NAMES[1] });
      const traffic = addFinding(doc, { category: 'lucky', text: 'Traffic', author: NAMES[2] });
      // reworded by someone else, who the exports name as its editor
      updateFinding(doc, traffic, { text: 'Traffic was low' }, { editor: NAMES[4] });
      addFinding(doc, { category: 'went-wrong', text: HOSTILE, author: NAMES[3] });
      const group = addGroup(doc, 'Change process', [push, anonymousId]);
      promoteToRootCause(doc, { kind: 'group', id: group });
      promoteToRootCause(doc, { kind: 'finding', id: pager });
      addAction(doc, {
        title: 'Review config pushes',
        owner: NAMES[0],
        due: '2026-04-01',
        findingIds: [push, anonymousId],
      });
      addAction(doc, { title: '=cmd|"/c calc"!A1', owner: NAMES[1], priority: 'P1', findingIds: [pager] });
      applyControlPatch(doc, { voting: 'locked', votesRevealed: true });
      writeTallies(doc, {
        [rootCauseId({ kind: 'group', id: group })]: 4,
        [rootCauseId({ kind: 'finding', id: pager })]: 2,
      });
      closeReview(doc, { by: NAMES[0], at: '2026-03-16T15:00:00Z' });
    }),
  );
  return created;
}

const EXPORTS = ['export.md', 'export.json', 'actions.csv'] as const;

describe('exporting a review', () => {
  it('is open to any link of the review, a view link included, and to nothing else', async () => {
    const r = await sampleReview();
    const other = (await (await t.call('POST', '/api/reviews', undefined, { title: 'Other' })).json()) as Created;
    for (const file of EXPORTS) {
      for (const token of [r.tokens.view, r.tokens.edit, r.tokens.facilitator]) {
        expect((await t.call('GET', `/api/reviews/${r.id}/${file}`, token)).status).toBe(200);
      }
      const noToken = await t.call('GET', `/api/reviews/${r.id}/${file}`);
      expect(noToken.status).toBe(401);
      expect(await noToken.json()).toMatchObject({ error: { code: expect.any(String) } });
      expect((await t.call('GET', `/api/reviews/${r.id}/${file}`, `hs_${'x'.repeat(43)}`)).status).toBe(401);
      expect((await t.call('GET', `/api/reviews/${r.id}/${file}`, other.tokens.facilitator)).status).toBe(403);
    }
  });

  it('answers with the right content type and an attachment named after the title', async () => {
    const r = await sampleReview();
    const expected = {
      'export.md': ['text/markdown; charset=utf-8', 'checkout-outage-march.md'],
      'export.json': ['application/json', 'checkout-outage-march.json'],
      'actions.csv': ['text/csv; charset=utf-8', 'checkout-outage-march-actions.csv'],
    } as const;
    for (const file of EXPORTS) {
      const res = await t.call('GET', `/api/reviews/${r.id}/${file}`, r.tokens.view);
      expect(res.headers.get('content-type')).toBe(expected[file][0]);
      expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${expected[file][1]}"`);
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
    const redacted = await t.call('GET', `/api/reviews/${r.id}/export.md?redact=1`, r.tokens.view);
    expect(redacted.headers.get('content-disposition')).toBe(
      'attachment; filename="checkout-outage-march-redacted.md"',
    );
  });

  it('gives JSON that validates against the documented schema, redacted or not', async () => {
    const r = await sampleReview();
    for (const query of ['', '?redact=1']) {
      const json = await (await t.call('GET', `/api/reviews/${r.id}/export.json${query}`, r.tokens.view)).json();
      const parsed = ReviewExport.safeParse(json);
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
      expect(parsed.data).toMatchObject({ format: 'hindsight-review', version: 1, redacted: query !== '' });
    }
  });

  it('leaves no participant name in a redacted export, in any format', async () => {
    const r = await sampleReview();
    const plain = await (await t.call('GET', `/api/reviews/${r.id}/export.md`, r.tokens.view)).text();
    for (const name of NAMES) expect(plain).toContain(name); // the sample really uses them
    for (const file of EXPORTS) {
      const text = await (await t.call('GET', `/api/reviews/${r.id}/${file}?redact=1`, r.tokens.view)).text();
      for (const name of NAMES) {
        expect(text).not.toContain(name);
        expect(text).not.toContain(name.split(' ')[0]);
      }
    }
    const json = (await (
      await t.call('GET', `/api/reviews/${r.id}/export.json?redact=1`, r.tokens.view)
    ).json()) as ReviewExportData;
    expect(json.review.closedBy).toBe('Participant 1');
    expect(json.actions.map((action) => action.owner)).toEqual(['Participant 1', 'Participant 2']);
  });

  it('redacts people in timeline sources, known names in free text and names seen in presence', async () => {
    const r = await sampleReview();
    // Someone is on the board (the room stays loaded) and shows as "Quinn Adebayo" in presence.
    const room = await t.rooms.acquire(r.id);
    try {
      const browser = new Awareness(new Y.Doc());
      browser.setLocalStateField('user', { name: 'Quinn Adebayo', color: '#027a48' });
      applyAwarenessUpdate(room.awareness, encodeAwarenessUpdate(browser, [browser.clientID]), 'test');
      await room.applyServerChange((doc) => {
        addTimelineEvent(doc, {
          at: '2026-03-14T10:05:00Z',
          kind: 'action',
          text: 'Paged Priya',
          source: 'pager · Dana Ortiz',
        });
        addFinding(doc, {
          category: 'went-wrong',
          text: 'Quinn Adebayo and Dana waited for Jordan Lee',
          author: NAMES[2],
        });
      });
      const people = [...NAMES, 'Dana Ortiz', 'Quinn Adebayo'];
      for (const file of EXPORTS) {
        const text = await (await t.call('GET', `/api/reviews/${r.id}/${file}?redact=1`, r.tokens.view)).text();
        for (const name of people) {
          expect(text.toLowerCase()).not.toContain(name.toLowerCase());
          expect(text).not.toMatch(new RegExp(`\\b${name.split(' ')[0]}\\b`));
        }
      }
      const json = (await (
        await t.call('GET', `/api/reviews/${r.id}/export.json?redact=1`, r.tokens.view)
      ).json()) as ReviewExportData;
      expect(json.timeline.find((event) => event.at === '2026-03-14T10:05:00.000Z')).toMatchObject({
        text: 'Paged Participant 1',
        // the sample's five names (its reworded note's editor fourth) come first
        source: 'pager · Participant 6',
      });
      expect(json.findings.map((finding) => finding.text)).toContain(
        'Participant 7 and Participant 6 waited for Participant 3',
      );
    } finally {
      t.rooms.release(room);
    }
  });

  it('never gives an anonymous finding an author, in any format', async () => {
    const r = await sampleReview();
    const json = (await (
      await t.call('GET', `/api/reviews/${r.id}/export.json`, r.tokens.view)
    ).json()) as ReviewExportData;
    const anonymous = json.findings.filter((finding) => finding.text === ANONYMOUS_TEXT);
    expect(anonymous).toHaveLength(1);
    expect(anonymous[0]).toMatchObject({ anonymous: true });
    expect(Object.keys(anonymous[0]!)).not.toContain('author');
    const markdown = await (await t.call('GET', `/api/reviews/${r.id}/export.md`, r.tokens.view)).text();
    expect(markdown).toContain(`  - ${ANONYMOUS_TEXT} — *Anonymous*`);
    const csv = await (await t.call('GET', `/api/reviews/${r.id}/actions.csv`, r.tokens.view)).text();
    const row = csv.split('\r\n').find((line) => line.startsWith('Review config pushes'))!;
    expect(row).toBe(
      `Review config pushes,${NAMES[0]},2026-04-01,open,P2,prevent,Change process,Config push went out without review; ${ANONYMOUS_TEXT}`,
    );
  });

  it('renders a hostile finding as literal Markdown text and guards CSV formulas', async () => {
    const r = await sampleReview();
    const markdown = await (await t.call('GET', `/api/reviews/${r.id}/export.md`, r.tokens.view)).text();
    expect(markdown).toContain(
      '- &lt;img src=x onerror=alert(1)> \\[x\\](javascript:alert(1)) \\*\\*b\\*\\* \\| pipe<br># heading — *Alex Kim*',
    );
    expect(markdown).not.toContain('<img');
    expect(markdown).not.toMatch(/^# heading/m);
    expect(markdown).toContain('| 2026-03-14 09:41 |  | Action | Config push \\| cfg-2291 | deploy |');
    expect(markdown).toContain(
      '| 2026-03-14 10:00:15 | 2026-03-14 10:04 (seen 3m later) | Detection | Latency alert<br>fires | pager |',
    );
    expect(markdown).toContain('(time to detect: 23m)');
    expect(markdown).toContain('- What was known: Only the latency alert');
    expect(markdown).toContain('The pool ran dry. **Roll back first.**');
    const csv = await (await t.call('GET', `/api/reviews/${r.id}/actions.csv`, r.tokens.view)).text();
    expect(csv).toContain(
      `"'=cmd|""/c calc""!A1",${NAMES[1]},,open,P1,prevent,Pager went to the old rota,Pager went to the old rota`,
    );
  });
});

describe('importing a review', () => {
  const exportOf = async (id: string, token: string) =>
    (await (await t.call('GET', `/api/reviews/${id}/export.json`, token)).json()) as ReviewExportData;
  const withoutTimes = (data: ReviewExportData) => ({
    ...data,
    exportedAt: undefined,
    review: { ...data.review, createdAt: undefined },
  });

  it('round-trips: export, import, export gives an equal review under new ids and links', async () => {
    const r = await sampleReview();
    const exported = await exportOf(r.id, r.tokens.view);
    const res = await t.call('POST', '/api/reviews/import', undefined, exported);
    expect(res.status).toBe(201);
    const created = (await res.json()) as Created & { links: Record<string, string> };
    expect(created.id).not.toBe(r.id);
    expect(created.links.facilitator).toBe(`http://127.0.0.1/r/${created.id}#token=${created.tokens.facilitator}`);
    expect(Object.values(created.tokens)).not.toContain(r.tokens.facilitator);
    const again = await exportOf(created.id, created.tokens.view);
    expect(withoutTimes(again)).toEqual(withoutTimes(exported));
    // the old review's tokens open nothing of the new one
    expect((await t.call('GET', `/api/reviews/${created.id}/export.json`, r.tokens.facilitator)).status).toBe(403);
  });

  it('keeps imported anonymous findings anonymous, and the facilitator can still reword them', async () => {
    const r = await sampleReview();
    const exported = await exportOf(r.id, r.tokens.view);
    // imported as a live review, so that it can still be changed
    Object.assign(exported.review, { status: 'live', closedAt: null, closedBy: null });
    exported.facilitation.phase = 'actions';
    const created = (await (await t.call('POST', '/api/reviews/import', undefined, exported)).json()) as Created;
    const anonymous = await t.rooms.withRoom(created.id, (room) =>
      listFindings(room.doc).filter((finding) => finding.anonymous),
    );
    expect(anonymous).toHaveLength(1);
    expect(anonymous[0]).not.toHaveProperty('author');
    const url = `/api/reviews/${created.id}/anonymous-findings/${anonymous[0]!.id}`;
    const { participantToken } = (await (
      await t.call('POST', `/api/reviews/${created.id}/participants`, created.tokens.edit)
    ).json()) as { participantToken: string };
    const secret = randomBytes(32).toString('base64url');
    // Nobody holds a secret for an imported finding: the server has none to match (404).
    expect((await t.call('PATCH', url, participantToken, { secret, text: 'hijack' })).status).toBe(404);
    expect((await t.call('PATCH', url, created.tokens.facilitator, { text: 'Reworded' })).status).toBe(200);
    const after = await t.rooms.withRoom(created.id, (room) => listFindings(room.doc).find((f) => f.anonymous));
    expect(after).toMatchObject({ text: 'Reworded', anonymous: true });
  });

  it('takes a file larger than the usual body limit', async () => {
    const r = await sampleReview();
    const exported = await exportOf(r.id, r.tokens.view);
    exported.timeline = Array.from({ length: 40 }, (_, index) => ({
      at: new Date(Date.UTC(2026, 2, 14, 9, index)).toISOString(),
      kind: 'other' as const,
      text: 'x'.repeat(1000),
      source: '',
      learnedAt: null,
      context: null,
    }));
    const body = JSON.stringify(exported);
    expect(body.length).toBeGreaterThan(16384);
    expect((await t.call('POST', '/api/reviews/import', undefined, body)).status).toBe(201);
  });

  it('refuses an invalid file with 400 and a message naming the field', async () => {
    const r = await sampleReview();
    const exported = await exportOf(r.id, r.tokens.view);
    const broken = (change: (data: any) => void) => {
      const copy = structuredClone(exported) as any;
      change(copy);
      return copy;
    };
    const cases: Array<[unknown, RegExp]> = [
      [broken((d) => (d.findings[1].category = 'meh')), /findings\.1\.category/],
      [broken((d) => (d.format = 'trello')), /format/],
      [broken((d) => (d.version = 2)), /version/],
      [broken((d) => (d.findings[0].author = 'Sam')), /findings\.0.*author/],
      [broken((d) => (d.actions[0].findingRefs = ['F42'])), /actions\.0\.findingRefs\.0: no finding has ref "F42"/],
      [broken((d) => (d.timeline[0].at = 'yesterday')), /timeline\.0\.at: must be an ISO 8601/],
      [
        broken((d) => (d.actions[0].rootCauseTargets = [{ kind: 'finding', ref: 'F42' }])),
        /actions\.0\.rootCauseTargets\.0: no root cause is the finding "F42"/,
      ],
      [broken((d) => (d.actions[0].weakness = 'bad-luck')), /actions\.0\.weakness/],
      [
        broken((d) => (d.narrative.summary.doc.content[0].type = 'script')),
        /narrative\.summary\.doc\.content\.0\.type/,
      ],
      [broken((d) => delete d.review), /review/],
    ];
    expect(exported.findings[0]).toMatchObject({ anonymous: true });
    for (const [body, message] of cases) {
      const res = await t.call('POST', '/api/reviews/import', undefined, body);
      expect(res.status).toBe(400);
      const { error } = (await res.json()) as { error: { code: string; message: string } };
      expect(error.code).toBe('invalid_body');
      expect(error.message).toMatch(message);
    }
    const notJson = await t.call('POST', '/api/reviews/import', undefined, '{"format": ');
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as any).error.code).toBe('bad_json');
  });

  it('refuses a file nested too deep, and one over the import limit', async () => {
    const deep = '['.repeat(10_000) + ']'.repeat(10_000);
    const nested = await t.call('POST', '/api/reviews/import', undefined, deep);
    expect(nested.status).toBe(400);
    expect(((await nested.json()) as any).error.message).toMatch(/nested more than/);
    const huge = await t.call('POST', '/api/reviews/import', undefined, `"${'x'.repeat(2 * 1024 * 1024)}"`);
    expect(huge.status).toBe(413);
  });
});
