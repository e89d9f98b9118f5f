/**
 * PostgreSQL down, as a person on the board sees it (issue 14 point 5): the server reaches a real
 * PostgreSQL through a TCP proxy the test cuts. An edit made then closes the socket with 1011
 * `database unavailable`; the board says the server cannot save and that the edit is kept, and
 * keeps saying so while its reconnects are refused (HTTP 503, which the page only sees as 1006);
 * once the database is back it is live again and the edit is stored.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { readMeta } from '@hindsight/review';
import { connectionState, useBrowserPeople } from '../support/browser';
import { createCluster, type Cluster } from '../support/multi';
import { documentInDatabase, postgresReachable } from '../support/postgres';
import { createReview } from '../support/server';
import { proxiedDatabaseUrl, type TcpProxy } from '../support/tcp-proxy';

const reachable = await postgresReachable();
const { openPerson, startTestServer } = useBrowserPeople('database-down');

let clusters: Cluster[] = [];
let proxies: TcpProxy[] = [];
afterEach(async () => {
  for (const proxy of proxies.splice(0)) await proxy.down();
  for (const cluster of clusters.splice(0)) await cluster.drop();
});

const stateOf = (page: Page) => connectionState(page).getAttribute('data-state');
const labelOf = (page: Page) => connectionState(page).textContent();

describe.skipIf(!reachable)('database down in the browser', () => {
  it('says the server cannot save and the edit is kept, then stores it once the database is back', async () => {
    const cluster = await createCluster();
    clusters.push(cluster);
    const { url, proxy } = await proxiedDatabaseUrl(cluster.env.DATABASE_URL!);
    proxies.push(proxy);
    const server = await startTestServer({ DATABASE_URL: url, REDIS_URL: '' });
    const review = await createReview(server.url, 'Checkout outage', 'SEV3');
    const alice = await openPerson('alice');
    await alice.page.goto(new URL(review.links.edit, server.url).href);
    await expect.poll(() => stateOf(alice.page), { timeout: 15_000 }).toBe('live');

    await proxy.down();
    await alice.page.getByLabel('Severity').selectOption('SEV1');
    await expect.poll(() => labelOf(alice.page), { timeout: 15_000 }).toContain('Cannot save');
    expect(await stateOf(alice.page)).toBe('offline');
    expect(await connectionState(alice.page).getAttribute('title')).toBe(
      'The server cannot save right now. Your edits are kept here and will be sent when it recovers.',
    );
    // Its reconnects are refused meanwhile; the board still says why, not a generic lost connection.
    const refusals = () =>
      server.logs.filter((line) => line.msg === 'upgrade.refused' && line.code === 'database_unavailable').length;
    await expect.poll(refusals, { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
    expect(await labelOf(alice.page)).toContain('Cannot save');
    expect(await alice.page.getByLabel('Severity').inputValue()).toBe('SEV1');

    await proxy.up();
    await expect.poll(() => stateOf(alice.page), { timeout: 20_000 }).toBe('live');
    await expect
      .poll(async () => readMeta(await documentInDatabase(cluster.env.DATABASE_URL!, review.id)).severity, {
        timeout: 15_000,
      })
      .toBe('SEV1');
  });
});
