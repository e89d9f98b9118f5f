/**
 * The board shell in real browsers against a real server: the header (title, severity, key times
 * and durations), presence, undo of one's own changes, and what a viewer gets. Two people run
 * their browsers in different time zones, so the same instant must show as each one's local time.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { connectionState, outputDir, useBrowserPeople, type Person } from '../support/browser';
import { createReview } from '../support/server';

const { openPerson, startTestServer } = useBrowserPeople('board-shell');

async function openBoard(page: Page, baseUrl: string, link: string, state: 'live' | 'read-only' = 'live') {
  await page.goto(new URL(link, baseUrl).href);
  await expect.poll(() => connectionState(page).getAttribute('data-state'), { timeout: 15_000 }).toBe(state);
}

/** Sets a key time the way a person does: type the local wall-clock time, then Enter. */
async function enterKeyTime(page: Page, name: string, localValue: string) {
  const input = page.getByTestId(`key-time-${name}`);
  await input.fill(localValue);
  await input.press('Enter');
}

const peerNames = (page: Page) =>
  page.getByTestId('presence-person').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-name')));

describe('board shell', () => {
  it('shows who is here, key times in each person’s zone, and durations that update live', async () => {
    const server = await startTestServer();
    const review = await createReview(server.url, 'Checkout outage', 'SEV2');
    const alice = await openPerson('alice', { timezoneId: 'Europe/Berlin', displayName: null });
    const bob = await openPerson('bob', { timezoneId: 'America/New_York', displayName: null });

    // First join asks for a name; each then sees the other in the presence bar.
    for (const [person, link, name] of [
      [alice, review.links.facilitator, 'Alice Adams'],
      [bob, review.links.edit, 'Bob Brown'],
    ] as const) {
      await openBoard(person.page, server.url, link);
      const dialog = person.page.getByTestId('name-dialog');
      await dialog.getByLabel('Display name').fill(name);
      await dialog.getByRole('button', { name: 'Join' }).click();
      await expect.poll(() => person.page.getByTestId('presence-self').getAttribute('data-name')).toBe(name);
    }
    await expect.poll(() => peerNames(alice.page)).toEqual(['Bob Brown']);
    await expect.poll(() => peerNames(bob.page)).toEqual(['Alice Adams']);

    // The name is remembered: a reload joins straight away, and a rename reaches the others.
    await bob.page.reload();
    await expect.poll(() => connectionState(bob.page).getAttribute('data-state')).toBe('live');
    expect(await bob.page.getByTestId('name-dialog').count()).toBe(0);
    await bob.page.getByTestId('presence-toggle').click();
    await bob.page.getByRole('button', { name: 'Rename' }).click();
    await bob.page.getByTestId('name-dialog').getByLabel('Display name').fill('Bob (SRE)');
    await bob.page.getByTestId('name-dialog').getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => peerNames(alice.page)).toEqual(['Bob (SRE)']);

    // One instant, each person's own wall clock: 09:00 in Berlin is 03:00 in New York (both winter time).
    expect(await alice.page.getByTestId('key-times-zone').textContent()).toContain('Europe/Berlin');
    expect(await bob.page.getByTestId('key-times-zone').textContent()).toContain('America/New_York');
    await enterKeyTime(alice.page, 'started', '2026-03-02T09:00');
    await expect.poll(() => bob.page.getByTestId('key-time-started').inputValue()).toBe('2026-03-02T03:00');

    // Durations follow the key times live, whoever enters them.
    await enterKeyTime(bob.page, 'detected', '2026-03-02T03:12');
    await expect.poll(() => alice.page.getByTestId('key-time-detected').inputValue()).toBe('2026-03-02T09:12');
    await expect.poll(() => alice.page.getByTestId('duration-detect-value').textContent()).toBe('12m');
    await enterKeyTime(alice.page, 'resolved', '2026-03-02T10:05');
    await expect.poll(() => bob.page.getByTestId('duration-resolve-value').textContent()).toBe('1h 05m');

    // A time before the start is flagged, not hidden.
    await enterKeyTime(bob.page, 'mitigated', '2026-03-02T02:55');
    await expect.poll(() => alice.page.getByTestId('duration-mitigate').getAttribute('data-out-of-order')).toBe('true');
    expect(await alice.page.getByTestId('duration-mitigate-value').textContent()).toBe('-5m');
    expect(await alice.page.getByTestId('duration-mitigate').textContent()).toMatch(/Before the start/);
    await enterKeyTime(bob.page, 'mitigated', '2026-03-02T03:40');
    await expect.poll(() => alice.page.getByTestId('duration-mitigate').getAttribute('data-out-of-order')).toBeNull();
    await expect.poll(() => alice.page.getByTestId('duration-mitigate-value').textContent()).toBe('40m');

    // A viewer sees who is here (read-only connections have no presence of their own, so she
    // is not asked for a name) and the same header, without a single edit control in it.
    const carol = await openPerson('carol', { timezoneId: 'Asia/Tokyo', displayName: null });
    await openBoard(carol.page, server.url, review.links.view, 'read-only');
    await expect.poll(() => peerNames(carol.page)).toEqual(['Alice Adams', 'Bob (SRE)']);
    expect(await carol.page.getByTestId('name-dialog').count()).toBe(0);
    expect(await carol.page.getByTestId('presence-self').count()).toBe(0);
    const head = carol.page.getByRole('region', { name: 'Review' });
    await expect.poll(() => carol.page.getByTestId('key-time-started').textContent()).toMatch(/17:00|5:00/);
    expect(await head.locator('input, select, textarea, button').count()).toBe(0);
    expect(await carol.page.getByTestId('undo-button').count()).toBe(0);
    expect(await carol.page.getByTestId('share-button').count()).toBe(0);
    await alice.page.getByLabel('Severity').selectOption('SEV1');
    await expect.poll(() => carol.page.getByTestId('review-severity').getAttribute('data-severity')).toBe('SEV1');

    for (const person of [alice, carol]) {
      await person.page.screenshot({ path: path.join(outputDir, `board-shell-${person.name}.png`), fullPage: true });
    }
  });

  it('undoes and redoes only one’s own changes, by keyboard and toolbar', async () => {
    const server = await startTestServer();
    const review = await createReview(server.url, 'Search latency', 'SEV2');
    const alice = await openPerson('alice');
    const bob = await openPerson('bob');
    await openBoard(alice.page, server.url, review.links.facilitator);
    await openBoard(bob.page, server.url, review.links.edit);
    const severityOf = (page: Page) => page.getByTestId('review-severity').getAttribute('data-severity');

    await alice.page.getByLabel('Severity').selectOption('SEV1');
    await expect.poll(() => severityOf(bob.page)).toBe('SEV1');
    await enterKeyTime(bob.page, 'started', '2026-03-02T09:00');
    await expect.poll(() => alice.page.getByTestId('key-time-started').inputValue()).toBe('2026-03-02T09:00');

    // Ctrl+Z on the board (focus outside any field) undoes Alice's severity, not Bob's time.
    await alice.page.getByRole('heading', { name: 'Key times' }).click();
    await alice.page.keyboard.press('Control+z');
    await expect.poll(() => severityOf(alice.page)).toBe('SEV2');
    await expect.poll(() => severityOf(bob.page)).toBe('SEV2');
    expect(await bob.page.getByTestId('key-time-started').inputValue()).toBe('2026-03-02T09:00');
    expect(await alice.page.getByTestId('key-time-started').inputValue()).toBe('2026-03-02T09:00');

    // Redo by keyboard brings it back.
    await alice.page.keyboard.press('Control+Shift+Z');
    await expect.poll(() => severityOf(bob.page)).toBe('SEV1');

    // Bob's toolbar undo takes back his time only.
    await bob.page.getByTestId('undo-button').click();
    await expect.poll(() => alice.page.getByTestId('key-time-started').inputValue()).toBe('');
    expect(await severityOf(alice.page)).toBe('SEV1');
    await expect.poll(() => bob.page.getByTestId('redo-button').isEnabled()).toBe(true);
  });

  it('shares a key time once it is complete, marks it unsaved until then, and names the zone of its date', async () => {
    const server = await startTestServer();
    const review = await createReview(server.url, 'Fourth of July deploy', 'SEV2');
    const alice = await openPerson('alice', { timezoneId: 'America/New_York' });
    const bob = await openPerson('bob', { timezoneId: 'America/New_York' });
    await openBoard(alice.page, server.url, review.links.facilitator);
    await openBoard(bob.page, server.url, review.links.edit);
    const field = alice.page.getByTestId('key-time-started');

    // Half typed (only the month): marked unsaved, and nobody else sees anything yet.
    await field.click();
    await alice.page.keyboard.press('Home');
    await alice.page.keyboard.type('07');
    await expect.poll(() => field.getAttribute('data-unsaved')).toBe('true');
    expect(await alice.page.getByTestId('key-time-started-unsaved').textContent()).toMatch(/finish the date and time/);
    expect(await bob.page.getByTestId('key-time-started').inputValue()).toBe('');

    // Complete, still in the field (no Enter, no blur): it reaches Bob and stops being unsaved.
    await field.fill('2026-07-04T10:45');
    await expect.poll(() => bob.page.getByTestId('key-time-started').inputValue()).toBe('2026-07-04T10:45');
    await expect.poll(() => field.getAttribute('data-unsaved')).toBeNull();
    expect(await alice.page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
      'key-time-started',
    );
    expect(await alice.page.getByTestId('key-time-started-unsaved').count()).toBe(0);

    // The zone is named as it was that day (EDT), though the review happens in winter.
    for (const person of [alice, bob]) {
      await expect
        .poll(() => person.page.getByTestId('key-times-zone').textContent())
        .toBe('In your time zone: America/New_York (EDT)');
    }
    await bob.page.goto(new URL(review.links.view, server.url).href.replace('#', '?view=report#'));
    await expect
      .poll(() => bob.page.getByTestId('key-times-zone').textContent())
      .toBe('Times in America/New_York (EDT)');
  });

  it('counts everyone connected the same way for every role, readers included, and after closing', async () => {
    const server = await startTestServer();
    const review = await createReview(server.url, 'Cache stampede', 'SEV3');
    const alice = await openPerson('alice');
    const bob = await openPerson('bob');
    const carol = await openPerson('carol');
    await openBoard(alice.page, server.url, review.links.facilitator);
    await openBoard(bob.page, server.url, review.links.edit);
    await openBoard(carol.page, server.url, review.links.view.replace('#', '?view=board#'), 'read-only');
    const count = (page: Page) => page.getByTestId('presence-toggle').getAttribute('data-count');

    // Carol reads without a presence of her own, yet the editors count her as the reader counts them.
    await expect.poll(() => peerNames(carol.page)).toEqual(['alice', 'bob']);
    for (const person of [alice, bob, carol]) await expect.poll(() => count(person.page)).toBe('3');
    await alice.page.getByTestId('presence-toggle').click();
    expect(await alice.page.getByTestId('presence-unnamed').textContent()).toMatch(/^1 more here/);

    // Closed: the server drops presence, so Bob's avatar fades when his state expires; he is still
    // here, and the facilitator still counts him.
    const closed = await fetch(`${server.url}/api/reviews/${review.id}/close`, {
      method: 'POST',
      headers: { authorization: `Bearer ${review.tokens.facilitator}`, 'content-type': 'application/json' },
      body: JSON.stringify({ closedBy: 'Alice' }),
    });
    expect(closed.status).toBe(200);
    await expect.poll(() => peerNames(alice.page), { timeout: 45_000 }).toEqual([]);
    for (const person of [alice, bob, carol]) expect(await count(person.page)).toBe('3');

    // Leaving is counted at once.
    await carol.page.close();
    await expect.poll(() => count(alice.page)).toBe('2');
  }, 180_000); // the closed review's presence takes 30 s to expire

  it('draws everyone on the board in a colour of their own, even when they chose the same one', async () => {
    const server = await startTestServer();
    const review = await createReview(server.url, 'DNS outage', 'SEV2');
    const people: Person[] = [];
    for (const name of ['alice', 'bob', 'carol']) {
      const person = await openPerson(name);
      // all three browsers remember the same presence colour
      await person.context.addInitScript(() => localStorage.setItem('hindsight:color', '#b42318'));
      await openBoard(person.page, server.url, review.links.edit);
      people.push(person);
    }
    /** "name=colour" of everyone as one page draws them, itself included. */
    const drawn = (page: Page) =>
      page
        .locator('[data-testid="presence-self"], [data-testid="presence-person"]')
        .evaluateAll((nodes) =>
          nodes.map((node) => `${node.getAttribute('data-name')}=${node.getAttribute('data-color')}`).sort(),
        );
    await expect.poll(() => drawn(people[0]!.page)).toHaveLength(3);
    const seen = await drawn(people[0]!.page);
    expect(new Set(seen.map((entry) => entry.split('=')[1])).size).toBe(3);
    // everyone draws everyone alike, and one of them keeps the colour they chose
    for (const person of people) await expect.poll(() => drawn(person.page)).toEqual(seen);
    expect(seen.some((entry) => entry.endsWith('=#b42318'))).toBe(true);
  });
});
