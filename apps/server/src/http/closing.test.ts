import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { addFinding, listFindings, promoteToRootCause, readControl } from '@hindsight/review';
import { useTestApp } from '../testing/test-app';

const t = useTestApp();

/** A request whose answer is read as its status and parsed JSON body. */
async function call(method: string, url: string, token?: string, body?: unknown) {
  const res = await t.call(method, url, token, body);
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function review() {
  const created = (await call('POST', '/api/reviews', undefined, { title: 'Checkout outage' })).body;
  const tokens = created.tokens as { facilitator: string; edit: string; view: string };
  const base = `/api/reviews/${created.id as string}`;
  return { id: created.id as string, base, ...tokens };
}

describe('closing a review', () => {
  it('records who closed it and when, and shows as closed everywhere', async () => {
    const r = await review();
    const closed = await call('POST', `${r.base}/close`, r.facilitator, { closedBy: 'Priya' });
    expect(closed.status).toBe(200);
    expect(closed.body.control).toMatchObject({ status: 'closed', closedBy: 'Priya', phase: 'closed' });
    expect(Date.now() - Date.parse(closed.body.control.closedAt)).toBeLessThan(10_000);
    expect((await call('GET', r.base, r.view)).body.status).toBe('closed');
    expect((await call('POST', `${r.base}/close`, r.facilitator, { closedBy: 'Priya' })).status).toBe(409);
  });

  it('is for the facilitator only, with a display name', async () => {
    const r = await review();
    expect((await call('POST', `${r.base}/close`, r.edit, { closedBy: 'Sam' })).status).toBe(403);
    expect((await call('POST', `${r.base}/close`, r.view, { closedBy: 'Sam' })).status).toBe(403);
    expect((await call('POST', `${r.base}/close`, r.facilitator, { closedBy: '  ' })).status).toBe(400);
    expect((await call('POST', `${r.base}/reopen`, r.facilitator)).status).toBe(409);
  });

  it('refuses every write route while closed, and reopening restores them', async () => {
    const r = await review();
    await call('PATCH', `${r.base}/control`, r.facilitator, { anonymity: 'optional', voting: 'open' });
    const candidate = await t.rooms.withRoom(r.id, async (room) => {
      let id = '';
      await room.applyServerChange((doc) => {
        const finding = addFinding(doc, { category: 'went-wrong', text: 'No canary' });
        id = promoteToRootCause(doc, { kind: 'finding', id: finding });
      });
      return id;
    });
    const participant = (await call('POST', `${r.base}/participants`, r.edit)).body.participantToken as string;
    const secret = randomBytes(32).toString('base64url');
    const posted = await call('POST', `${r.base}/anonymous-findings`, participant, {
      category: 'lucky',
      text: 'held at closing',
      secret,
    });
    await call('POST', `${r.base}/close`, r.facilitator, { closedBy: 'Priya' });
    // Held anonymous findings were published by the close: nothing written for the review is lost.
    expect((await t.rooms.withRoom(r.id, (room) => listFindings(room.doc))).map((f) => f.text)).toContain(
      'held at closing',
    );

    const refused = [
      await call('PATCH', `${r.base}/control`, r.facilitator, { phase: 'vote' }),
      await call('POST', `${r.base}/votes`, participant, { candidateId: candidate, delta: 1 }),
      await call('POST', `${r.base}/votes/reset`, r.facilitator),
      await call('POST', `${r.base}/anonymous-findings`, participant, { category: 'lucky', text: 'x', secret }),
      await call('PATCH', `${r.base}/anonymous-findings/${posted.body.id}`, participant, { secret, text: 'y' }),
      await call('DELETE', `${r.base}/anonymous-findings/${posted.body.id}`, participant, { secret }),
      await call('POST', `${r.base}/anonymous-findings/reveal`, r.facilitator),
    ];
    for (const res of refused) expect([res.status, res.body.error.code]).toEqual([409, 'review_closed']);

    const reopened = await call('POST', `${r.base}/reopen`, r.facilitator);
    expect(reopened.body.control).toMatchObject({ status: 'live', closedBy: null, closedAt: null, phase: 'actions' });
    expect((await call('POST', `${r.base}/votes`, participant, { candidateId: candidate, delta: 1 })).status).toBe(200);
    expect(await t.rooms.withRoom(r.id, (room) => readControl(room.doc).status)).toBe('live');
  });
});
