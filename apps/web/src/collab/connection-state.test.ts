import { describe, expect, it } from 'vitest';
import { CloseCode, CloseReason } from '@hindsight/protocol';
import { afterClose, describeConnection, INITIAL_FACTS, isFinalClose, type ConnectionFacts } from './connection-state';

const synced: ConnectionFacts = { ...INITIAL_FACTS, status: 'connected', synced: true, everSynced: true };

describe('describeConnection', () => {
  it('is connecting until the first sync, for every role', () => {
    expect(describeConnection(INITIAL_FACTS, 'editor').state).toBe('connecting');
    expect(describeConnection({ ...INITIAL_FACTS, status: 'connected' }, 'viewer').state).toBe('connecting');
  });

  it('is live for writers and read-only for viewers once synced', () => {
    expect(describeConnection(synced, 'facilitator').state).toBe('live');
    expect(describeConnection(synced, 'editor').state).toBe('live');
    expect(describeConnection(synced, 'viewer')).toMatchObject({ state: 'read-only', label: 'Read-only' });
  });

  it('is offline (reconnecting) after losing a synced connection, and says why on a restart', () => {
    const lost = { ...synced, status: 'disconnected' as const, synced: false };
    expect(describeConnection(lost, 'editor').state).toBe('offline');
    const restarting = { ...lost, lastClose: { code: CloseCode.GoingAway, reason: '' } };
    expect(describeConnection(restarting, 'viewer').detail).toMatch(/restarting/);
    const flooded = { ...lost, lastClose: { code: CloseCode.TooManyUpdates, reason: 'too many updates' } };
    expect(describeConnection(flooded, 'editor').detail).toMatch(/too many changes.*Reconnecting/);
    const behind = { ...lost, lastClose: { code: CloseCode.SlowConsumer, reason: 'slow consumer' } };
    expect(describeConnection(behind, 'editor').detail).toMatch(/fell behind.*Reconnecting/);
    // while the provider retries it reports "connecting" again; that is still offline to a person
    expect(describeConnection({ ...lost, status: 'connecting' }, 'editor').state).toBe('offline');
  });

  it('is offline from the start when the server is unreachable but this browser holds a saved copy', () => {
    const saved = { ...INITIAL_FACTS, status: 'disconnected' as const, storedLocally: true };
    // a saved copy alone does not mean offline: the first sync may simply not have arrived yet
    expect(describeConnection(saved, 'editor').state).toBe('connecting');
    const refused = { ...saved, lastClose: { code: 1006, reason: '' } };
    expect(describeConnection(refused, 'editor')).toMatchObject({ state: 'offline' });
    expect(describeConnection(refused, 'editor').detail).toMatch(/saved in this browser.*kept/);
    expect(describeConnection(refused, 'viewer').detail).not.toMatch(/kept/);
  });

  it('is ended with an explanation after a final close', () => {
    const revoked = { ...synced, synced: false, ended: { code: CloseCode.Unauthorized, reason: '' } };
    expect(describeConnection(revoked, 'editor')).toMatchObject({ state: 'ended' });
    expect(describeConnection(revoked, 'editor').detail).toMatch(/revoked|expired/);
    const tooBig = { ...synced, ended: { code: CloseCode.MessageTooBig, reason: '' } };
    expect(describeConnection(tooBig, 'editor').label).toBe('Disconnected');
    expect(describeConnection(tooBig, 'editor').detail).toMatch(/too large/);
    const full = { ...synced, synced: false, ended: { code: CloseCode.DocumentFull, reason: 'document full' } };
    expect(describeConnection(full, 'editor')).toMatchObject({
      state: 'ended',
      label: 'Review full',
      detail: expect.stringMatching(/size limit: nothing more you write can be saved.*Ask the facilitator/),
    });
  });

  it('says whether the link was revoked or has expired, from the server’s close reason', () => {
    const closedWith = (reason: string) => ({
      ...synced,
      synced: false,
      ended: { code: CloseCode.Unauthorized, reason },
    });
    expect(describeConnection(closedWith('revoked'), 'editor')).toMatchObject({
      state: 'ended',
      label: 'Link revoked',
      detail: expect.stringMatching(/^This link was revoked by the facilitator.*new link/),
    });
    expect(describeConnection(closedWith('expired'), 'viewer')).toMatchObject({
      state: 'ended',
      label: 'Link expired',
      detail: expect.stringMatching(/^This link has expired/),
    });
    expect(describeConnection(closedWith(''), 'editor')).toMatchObject({
      label: 'Disconnected',
      detail: expect.stringMatching(/revoked or has expired/),
    });
  });
});

describe('a server that cannot save (its database is unreachable)', () => {
  const lost = { ...synced, status: 'disconnected' as const, synced: false };
  const databaseDown = { code: CloseCode.InternalError, reason: CloseReason.DatabaseUnavailable };

  it('tells writers their edits are kept and sent when it recovers, and viewers that the board waits', () => {
    const facts = afterClose(lost, databaseDown);
    expect(describeConnection(facts, 'editor')).toEqual({
      state: 'offline',
      label: 'Cannot save · retrying',
      detail: 'The server cannot save right now. Your edits are kept here and will be sent when it recovers.',
    });
    expect(describeConnection(facts, 'viewer').detail).toMatch(/cannot save right now.*updates again when it recovers/);
    expect(describeConnection(facts, 'viewer').detail).not.toMatch(/edits/);
  });

  it('keeps saying so while its reconnects are refused, until the next sync', () => {
    // A refused upgrade (HTTP 503) reaches the page as a bare 1006: not a reason to forget why.
    const refused = afterClose(afterClose(lost, databaseDown), { code: 1006, reason: '' });
    expect(describeConnection({ ...refused, status: 'connecting' }, 'editor').label).toBe('Cannot save · retrying');
    // Another close with a reason of its own replaces it (the server restarting, say).
    const restarting = afterClose(refused, { code: CloseCode.GoingAway, reason: 'server shutting down' });
    expect(describeConnection(restarting, 'editor').detail).toMatch(/restarting/);
    // Another 1011 (a document reset) is the generic lost connection, not "cannot save".
    const reset = afterClose(lost, { code: CloseCode.InternalError, reason: 'document reset' });
    expect(describeConnection(reset, 'editor').label).toBe('Offline · reconnecting');
    // Back in sync: live again.
    expect(describeConnection({ ...refused, synced: true, lastClose: null }, 'editor').state).toBe('live');
  });
});

describe('isFinalClose', () => {
  it('stops reconnecting for 44xx (but 4429 and 4408) and 1009 only', () => {
    expect(isFinalClose(CloseCode.Unauthorized)).toBe(true);
    expect(isFinalClose(CloseCode.Forbidden)).toBe(true);
    expect(isFinalClose(CloseCode.MessageTooBig)).toBe(true);
    expect(isFinalClose(CloseCode.DocumentFull)).toBe(true);
    for (const code of [
      CloseCode.GoingAway,
      CloseCode.InternalError,
      CloseCode.PolicyViolation,
      CloseCode.TooManyUpdates,
      CloseCode.SlowConsumer,
      1006,
      4500,
    ]) {
      expect(isFinalClose(code)).toBe(false);
    }
  });
});
