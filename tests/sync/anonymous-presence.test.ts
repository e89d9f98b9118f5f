/**
 * Presence under the anonymous policy, through raw sockets: a client that is stale or modified
 * cannot announce a name, an e-mail or any field the pseudonymous web client never sends. Its
 * state is dropped (the socket stays open, so a tab from before the policy changed keeps working);
 * a state the web client would send still reaches everyone.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { connectClient, openRaw, waitFor } from '../support/clients';
import { awarenessFrame } from '../support/frames';
import { callApi, createReview, startServer, stopAllServers } from '../support/server';

afterAll(stopAllServers);

const pseudonym = { name: 'Quiet Otter', color: '#027a48' };

describe('presence under the anonymous policy', () => {
  it('withdraws a named state when the policy turns anonymous, then drops any with a name or another field', async () => {
    const server = await startServer();
    const review = await createReview(server.url);
    const policy = (anonymity: string) =>
      callApi(server, review, 'PATCH', '/control', review.tokens.facilitator, { anonymity });

    // The observer records every state it is ever shown.
    const observer = connectClient(server.wsUrl, review.id, review.tokens.edit);
    await observer.synced;
    const seen: string[] = [];
    const stateOf = (clientId: number) => JSON.stringify(observer.provider.awareness.getStates().get(clientId));

    // Under the named policy, a client that never leaves shows a name; when the policy turns
    // anonymous the server withdraws that state (the web client would have left by itself).
    const attacker = openRaw(server.wsUrl, review.id, review.tokens.edit);
    await attacker.opened;
    const named = { user: { name: 'Ana Alvarez', color: '#027a48' } };
    let clock = 0;
    attacker.ws.send(awarenessFrame([{ clientId: 4242, clock: ++clock, state: named }]));
    await waitFor(() => stateOf(4242) === JSON.stringify(named), 'the named state under the named policy');
    await policy('anonymous');
    await waitFor(() => stateOf(4242) === undefined, 'the named state withdrawn when the policy turns anonymous');
    observer.provider.awareness.on('change', () => {
      for (const state of observer.provider.awareness.getStates().values()) seen.push(JSON.stringify(state));
    });

    const forged = [
      { user: { name: 'Ana Alvarez', color: '#027a48' } },
      { user: { ...pseudonym, email: 'ana@example.com' } },
      { user: pseudonym, displayName: 'Ana Alvarez' },
      { user: pseudonym, editing: 'Ana Alvarez is typing' },
    ];
    for (const state of forged) attacker.ws.send(awarenessFrame([{ clientId: 4242, clock: ++clock, state }]));
    // Then a state the web client would send, from the same socket: it arrives, so everything
    // before it was handled (and dropped) and the socket is still open.
    const allowed = { user: pseudonym, editing: 'finding:1oGoE3n8ltAmfEHeWM_VYw' };
    attacker.ws.send(awarenessFrame([{ clientId: 4242, clock: ++clock, state: allowed }]));
    await waitFor(() => stateOf(4242) === JSON.stringify(allowed), 'the allowed state at the observer');

    expect(seen.filter((state) => /Ana|email|displayName/.test(state))).toEqual([]);
    expect(attacker.ws.readyState).toBe(attacker.ws.OPEN);

    // Under the named policy the same socket may show a name again.
    await policy('named');
    attacker.ws.send(awarenessFrame([{ clientId: 4242, clock: ++clock, state: named }]));
    await waitFor(() => stateOf(4242) === JSON.stringify(named), 'a name again under the named policy');
    attacker.ws.close();
    observer.destroy();
  });
});
