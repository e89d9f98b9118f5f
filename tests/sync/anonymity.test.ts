/**
 * Anonymity against a recording adversary. Three authors, each with a name in presence and named
 * edits of their own in the document (so their Yjs client ids are known and tied to their names),
 * post anonymous findings over HTTP during a live session. An adversarial editor records every
 * frame and every HTTP answer it gets for the whole session, and tries the API's doors. Then the
 * test proves it cannot link any anonymous finding to its author: no author field, no author
 * client id on any struct that carries a finding, nothing before the reveal and everything in one
 * batch (so arrival times say nothing), no presence signal, nothing in any HTTP answer; and that
 * the database and the logs hold no author either.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { addTimelineEvent, listFindings, listTimeline, updateFinding } from '@hindsight/review';
import { connectClient, openRaw, waitFor, type SyncClient } from '../support/clients';
import { selectRows, tableColumns } from '../support/db';
import { captureUpdates, decodeFrame, syncUpdateFrame } from '../support/frames';
import { createReview, startServer, stopAllServers } from '../support/server';

afterAll(stopAllServers);

interface Recorded {
  at: number;
  frame: Uint8Array;
}

/** A stock y-websocket client whose socket records every frame it receives, with the time. */
function recordingClient(wsUrl: string, reviewId: string, token: string, frames: Recorded[]): SyncClient {
  class RecordingWebSocket extends WebSocket {
    constructor(...args: ConstructorParameters<typeof WebSocket>) {
      super(...args);
      this.on('message', (data: Buffer) => frames.push({ at: Date.now(), frame: new Uint8Array(data) }));
    }
  }
  return connectClient(wsUrl, reviewId, token, new Y.Doc(), RecordingWebSocket as unknown as typeof WebSocket);
}

const api = (url: string) => ({
  async call(method: string, path: string, token?: string, body?: unknown) {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, text: await res.text() };
  },
});

const AUTHORS = ['Ana Alvarez', 'Ben Okafor', 'Chidi Novak'];

describe('anonymous findings against a recording adversary', () => {
  it('cannot be linked to their authors by anything a participant receives, nor by the database or logs', async () => {
    // An author's rewording goes out after a random delay in this range (shorter than in production).
    const server = await startServer({
      env: { HINDSIGHT_RELEASE_DELAY_MIN_MS: '1000', HINDSIGHT_RELEASE_DELAY_MAX_MS: '2000' },
    });
    const review = await createReview(server.url, 'Payments outage');
    const http = api(server.url);
    const base = `/api/reviews/${review.id}`;
    await http.call('PATCH', `${base}/control`, review.tokens.facilitator, {
      anonymity: 'anonymous',
      phase: 'findings',
    });

    // The adversary: a real editor client recording every frame, and its own HTTP calls.
    const frames: Recorded[] = [];
    const httpSeen: string[] = [];
    const adversary = recordingClient(server.wsUrl, review.id, review.tokens.edit, frames);
    await adversary.synced;
    const adversaryToken = JSON.parse((await http.call('POST', `${base}/participants`, review.tokens.edit)).text)
      .participantToken as string;

    // Authors: named presence and named edits, so their client ids are tied to their names.
    const authors = await Promise.all(
      AUTHORS.map(async (name) => {
        const client = connectClient(server.wsUrl, review.id, review.tokens.edit);
        client.provider.awareness.setLocalStateField('user', { name, color: '#2c5a86' });
        await client.synced;
        addTimelineEvent(client.doc, { at: '2026-03-14T14:00:00Z', kind: 'action', text: `${name} restarted a node` });
        const joined = JSON.parse((await http.call('POST', `${base}/participants`, review.tokens.edit)).text);
        return { name, client, token: joined.participantToken as string, clientId: client.doc.clientID };
      }),
    );
    const authorClientIds = new Set(authors.map((a) => a.clientId));
    await waitFor(
      () => authors.every((a) => listTimeline(adversary.doc).some((e) => e.text.includes(a.name))),
      'the named edits at the adversary',
    );

    // Each author posts anonymous findings, interleaved with the adversary's probing.
    const posted: Array<{ id: string; text: string; author: string; secret: string }> = [];
    for (let round = 0; round < 2; round++) {
      for (const author of authors) {
        const text = `Finding ${round} by ${author.name.split(' ')[0]} ${randomBytes(4).toString('hex')}`;
        const secret = randomBytes(32).toString('base64url');
        const res = await http.call('POST', `${base}/anonymous-findings`, author.token, {
          category: round === 0 ? 'went-wrong' : 'contributing-factor',
          text,
          secret,
        });
        expect(res.status).toBe(201);
        posted.push({ id: JSON.parse(res.text).id, text, author: author.name, secret });
        for (const probe of [
          () => http.call('GET', base, review.tokens.edit),
          () => http.call('GET', `${base}/votes`, adversaryToken),
          () => http.call('GET', `${base}/anonymous-findings/held`, review.tokens.edit),
          () => http.call('POST', `${base}/anonymous-findings/reveal`, review.tokens.edit),
          () =>
            http.call('PATCH', `${base}/anonymous-findings/${posted.at(-1)!.id}`, adversaryToken, { text: 'mine now' }),
        ]) {
          httpSeen.push((await probe()).text);
        }
      }
    }

    const secretsAndTexts = posted.flatMap((p) => [p.text, p.secret]);
    const containsAny = (haystack: string, needles: string[]) => needles.some((needle) => haystack.includes(needle));
    const frameText = (frame: Uint8Array) => Buffer.from(frame).toString('latin1');

    // Before the reveal: not a byte of any finding reached the adversary.
    const beforeReveal = frames.length;
    expect(frames.some((r) => containsAny(frameText(r.frame), secretsAndTexts))).toBe(false);
    expect(listFindings(adversary.doc)).toEqual([]);

    // The facilitator reveals; the batch arrives.
    const reveal = await http.call('POST', `${base}/anonymous-findings/reveal`, review.tokens.facilitator);
    expect(JSON.parse(reveal.text)).toEqual({ revealed: posted.length });
    await waitFor(() => listFindings(adversary.doc).length === posted.length, 'the revealed batch at the adversary');

    // An author rewords theirs after the reveal (through the server, with the secret). It does not
    // arrive the moment they stop typing, but after a random delay (here at least 1 s).
    const reworded = posted[4]!;
    const rewordedAt = Date.now();
    const edit = await http.call('PATCH', `${base}/anonymous-findings/${reworded.id}`, authors[1]!.token, {
      secret: reworded.secret,
      text: `${reworded.text} (clarified)`,
    });
    expect(edit.status).toBe(200);
    await waitFor(
      () => listFindings(adversary.doc).some((f) => f.text === `${reworded.text} (clarified)`),
      'the reworded finding',
    );
    const arrival = frames.find((r) => r.at >= rewordedAt && frameText(r.frame).includes('(clarified)'));
    expect(arrival!.at - rewordedAt).toBeGreaterThanOrEqual(1000);

    // 1. The findings as the adversary's document shows them: no author, coarse and equal times.
    const shown = listFindings(adversary.doc);
    for (const finding of shown) {
      expect(finding.anonymous).toBe(true);
      expect(finding).not.toHaveProperty('author');
      expect(Date.parse(finding.createdAt) % (15 * 60_000)).toBe(0);
    }
    expect(new Set(shown.map((f) => f.createdAt)).size).toBeLessThanOrEqual(2);

    // 2. Every struct the adversary received: those carrying a finding's id or words were written by
    //    one client (the server's), never by an author's client id.
    const needles = posted.flatMap((p) => [p.id, p.text]);
    const writers = new Set<number>();
    const updates: Uint8Array[] = [];
    const firstSeen = new Map<string, number>();
    frames.forEach((record, index) => {
      const decoded = decodeFrame(record.frame);
      if (decoded.kind === 'awareness') {
        // 3. Presence never carries a finding, an id or an editing marker pointing at one.
        expect(containsAny(JSON.stringify(decoded.claims), needles)).toBe(false);
        return;
      }
      if (decoded.kind !== 'sync-step-2' && decoded.kind !== 'update') return;
      updates.push(decoded.update);
      for (const struct of Y.decodeUpdate(decoded.update).structs) {
        if (!(struct instanceof Y.Item)) continue;
        const content = struct.content.getContent().map((c) => (typeof c === 'string' ? c : JSON.stringify(c ?? null)));
        const carried = [struct.parentSub ?? '', ...content].join('\u0000');
        for (const p of posted) {
          if (carried.includes(p.id) || carried.includes(p.text.slice(0, 12))) {
            writers.add(struct.id.client);
            if (!firstSeen.has(p.id)) firstSeen.set(p.id, index);
          }
        }
      }
    });
    expect(writers.size).toBe(1);
    for (const writer of writers) expect(authorClientIds.has(writer)).toBe(false);

    // 4. Timing: nothing before the reveal, then every finding in the same frame (one batch).
    expect(new Set(firstSeen.values()).size).toBe(1);
    expect([...firstSeen.values()][0]).toBeGreaterThanOrEqual(beforeReveal);
    // ... and the batch holds exactly the posted findings. Its order is drawn by the server's shuffle,
    // which apps/server/src/review/anonymous-release.test.ts shows uniform: with six findings, one
    // run cannot tell a shuffle from a fixed order.
    expect(shown.map((f) => f.id).sort()).toEqual(posted.map((p) => p.id).sort());

    // 5. Nothing in any HTTP answer the adversary got names an author or carries a finding.
    expect(containsAny(httpSeen.join('\n'), [...AUTHORS, ...secretsAndTexts])).toBe(false);
    expect(httpSeen.filter((t) => t.includes('not_author') || t.includes('facilitator_only')).length).toBe(
      posted.length * 3,
    );

    // 5b. Nor in any export the adversary can download with its own link.
    for (const path of ['export.json', 'export.md', 'actions.csv', 'export.md?redact=1']) {
      const exported = await http.call('GET', `${base}/${path}`, review.tokens.edit);
      expect(exported.status).toBe(200);
      expect(
        containsAny(
          exported.text,
          secretsAndTexts.filter((t) => !t.includes('Finding')),
        ),
      ).toBe(false);
      if (path === 'export.json') {
        const anonymousFindings = (JSON.parse(exported.text) as { findings: Array<Record<string, unknown>> }).findings;
        expect(anonymousFindings.filter((f) => f.anonymous === true)).toHaveLength(posted.length);
        for (const finding of anonymousFindings) expect(finding).not.toHaveProperty('author');
      }
      if (path.startsWith('export.md')) {
        const lines = exported.text
          .split('\n')
          .filter((line) => posted.some((p) => line.includes(p.id) || line.includes(p.text.split(' ').pop()!)));
        expect(lines).toHaveLength(posted.length);
        for (const line of lines) {
          expect(line).toContain('Anonymous');
          expect(containsAny(line, AUTHORS)).toBe(false);
        }
      }
    }

    // 6. Others cannot change an anonymous finding at the wire either: a forged write is refused.
    const replica = new Y.Doc();
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(adversary.doc));
    const forged = captureUpdates(replica, () => {
      const text = (replica.getMap('anonymous').get(posted[0]!.id) as Y.Map<unknown>).get('text') as Y.Text;
      text.insert(0, 'EDITED ');
    });
    const attacker = openRaw(server.wsUrl, review.id, review.tokens.edit);
    await attacker.opened;
    attacker.ws.send(syncUpdateFrame(forged[0]!));
    expect((await attacker.closed).code).toBe(1007);
    expect(() => updateFinding(adversary.doc, posted[0]!.id, { text: 'x' })).toThrow();

    // 7. The database: no author, no participant beside any anonymous finding; words only in the document.
    const everyRow = (table: string) => selectRows(server.dataDir, `SELECT * FROM ${table}`);
    const dump = {
      anonymous: await everyRow('anonymous_findings'),
      participants: await everyRow('participants'),
      columns: await tableColumns(server.dataDir, 'anonymous_findings'),
      text: JSON.stringify(
        await Promise.all(['reviews', 'tokens', 'participants', 'votes', 'anonymous_findings'].map(everyRow)),
      ),
    };
    expect(dump.columns.sort()).toEqual(
      [
        'category',
        'created_at',
        'held',
        'id',
        'pending_change',
        'release_at',
        'review_id',
        'secret_hash',
        'text',
      ].sort(),
    );
    expect(dump.anonymous).toHaveLength(posted.length);
    for (const row of dump.anonymous) expect(row).toMatchObject({ held: 0, text: null, category: null });
    expect(containsAny(dump.text, [...AUTHORS, ...secretsAndTexts])).toBe(false);
    const participantIds = dump.participants.map((p) => String(p.id));
    const participantHashes = dump.participants.map((p) => String(p.token_hash));
    expect(containsAny(JSON.stringify(dump.anonymous), [...participantIds, ...participantHashes])).toBe(false);

    // 8. The logs: no finding id, words, secret, token or name.
    const logText = JSON.stringify(server.logs);
    expect(containsAny(logText, [...needles, ...secretsAndTexts, ...AUTHORS, ...authors.map((a) => a.token)])).toBe(
      false,
    );

    for (const author of authors) author.client.destroy();
    adversary.destroy();
  });
});
