import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { CloseCode } from '@hindsight/protocol';
import { addFinding, listFindings, titleText } from '@hindsight/review';
import { connectClient, openRaw, type SyncClient } from '../support/clients';
import { cleanupServers, copyOf, readFresh, sameState, startTrackedServer, waitConverged } from '../support/model';
import { createReview } from '../support/server';

afterAll(cleanupServers);

// Issue 13, point 4: after an unexpected error the process's state is unknown, so it stops (1011 to
// every socket, exit code 1) and a supervisor restarts it; nothing a client has seen is lost.
describe('a crash ends the process', () => {
  const clients: SyncClient[] = [];
  afterEach(() => {
    for (const client of clients.splice(0)) client.destroy();
  });

  it.each([
    ['an uncaught exception', 'exception', 'uncaught'],
    ['an unhandled rejection', 'rejection', 'unhandled_rejection'],
  ])('after %s: sockets get 1011, the exit code is 1, and a restart has every update', async (_name, kind, logged) => {
    const server = await startTrackedServer({ env: { HINDSIGHT_CRASH_ROUTE: 'true' } });
    const review = await createReview(server.url, 'Before the crash');
    const writer = connectClient(server.wsUrl, review.id, review.tokens.edit);
    const observer = connectClient(server.wsUrl, review.id, review.tokens.view);
    clients.push(writer, observer);
    await Promise.all([writer.synced, observer.synced]);
    writer.doc.transact(() => titleText(writer.doc).insert(titleText(writer.doc).length, ' and after'));
    for (let n = 0; n < 20; n++) addFinding(writer.doc, { category: 'went-wrong', text: `finding ${n}` });
    // The server relays an update only once it is stored: what the observer has is durable.
    await waitConverged([writer.doc, observer.doc], 'the observer has every update');
    const expected = copyOf(observer.doc);
    const raw = openRaw(server.wsUrl, review.id, review.tokens.edit);
    await raw.opened;

    const crash = await fetch(`${server.url}/api/debug/crash?kind=${kind}`, { method: 'POST' });
    expect(crash.status).toBe(202);
    expect((await raw.closed).code).toBe(CloseCode.InternalError);
    expect(await server.exited).toBe(1);
    expect(server.logs.some((line) => line.msg === logged)).toBe(true);

    const restarted = await startTrackedServer({ dataDir: server.dataDir });
    const after = await readFresh(restarted.wsUrl, review.id, review.tokens.view);
    expect(sameState(after, expected)).toBe(true);
    expect(titleText(after).toString()).toBe('Before the crash and after');
    expect(listFindings(after)).toHaveLength(20);
    await restarted.stop();
  });

  it('has no crash route unless configured', async () => {
    const server = await startTrackedServer();
    const res = await fetch(`${server.url}/api/debug/crash`, { method: 'POST' });
    expect(res.status).toBe(404);
    expect(server.process.exitCode).toBeNull();
    expect(await server.stop()).toBe(0);
  });
});
