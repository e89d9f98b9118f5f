/**
 * Notes written offline keep their author: under the named policy a note Sam adds while the
 * server is down shows Sam at once, and Sam everywhere once it is back (every board, the report,
 * the exports). Should the review turn anonymous while Sam is offline, the note he wrote goes
 * through the anonymous path instead, and his name reaches neither the server nor anyone else.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { connectionState, networkSwitch, openBoard, useBrowserPeople } from '../support/browser';
import { connectClient } from '../support/clients';
import { createReview, tempDataDir } from '../support/server';

const { openPerson, startTestServer } = useBrowserPeople('offline-notes');
/** Browsers, a server restarted or a connection cut, the report: slower than most on busy cores. */
const SLOW_TEST_MS = 240_000;

const join = (page: Page, link: string, name: string) =>
  openBoard(page, link, 'live', { name, section: 'findings-section' });
const stateOf = (page: Page) => connectionState(page).getAttribute('data-state');

/** Every note a page shows, published or waiting to be sent: its text and author label. */
function notesOf(page: Page): Promise<Array<{ text: string; author: string }>> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('[data-testid="finding"], [data-testid="offline-note"]')].map((note) => {
      const field = note.querySelector<HTMLTextAreaElement | HTMLElement>('.note__text');
      return {
        text: (field instanceof HTMLTextAreaElement ? field.value : field?.textContent) ?? '',
        author: note.querySelector('.note__author')?.textContent ?? '',
      };
    }),
  );
}

describe('notes written offline', () => {
  it(
    'keep their author under the named policy: on every board, in the report and in the exports',
    async () => {
      const dataDir = tempDataDir();
      const first = await startTestServer({}, dataDir);
      const review = await createReview(first.url, 'Gateway brown-out');
      const [ana, sam] = await Promise.all([openPerson('Ana'), openPerson('Sam')]);
      await join(ana.page, new URL(review.links.facilitator, first.url).href, 'Ana');
      await join(sam.page, new URL(review.links.edit, first.url).href, 'Sam');

      await first.stop();
      await expect.poll(() => stateOf(sam.page)).toBe('offline');
      const input = sam.page.getByTestId('quick-add-went-wrong');
      await input.fill('Retries multiplied the load on the gateway');
      await input.press('Enter');
      // At once, on Sam's own board: his name, never "Anonymous".
      await expect
        .poll(() => notesOf(sam.page))
        .toEqual([{ text: 'Retries multiplied the load on the gateway', author: 'by Sam' }]);

      await startTestServer({ PORT: String(first.port) }, dataDir);
      for (const page of [ana.page, sam.page]) {
        await expect.poll(() => stateOf(page), { timeout: 30_000 }).toBe('live');
        await expect
          .poll(() => notesOf(page), { timeout: 15_000 })
          .toEqual([{ text: 'Retries multiplied the load on the gateway', author: 'by Sam' }]);
      }
      expect(await sam.page.getByTestId('offline-note').count()).toBe(0);
      expect(await ana.page.getByTestId('findings-section').innerText()).not.toContain('Anonymous');

      // The report (a view link) and both exports name Sam.
      const report = await ana.context.newPage();
      await report.goto(new URL(review.links.view, first.url).href);
      const finding = report.getByTestId('report-finding').filter({ hasText: 'Retries multiplied the load' });
      await expect.poll(() => finding.textContent(), { timeout: 20_000 }).toContain('Sam');
      expect(await finding.getAttribute('data-anonymous')).toBeNull();

      const download = (name: string) =>
        fetch(`${first.url}/api/reviews/${review.id}/${name}`, {
          headers: { authorization: `Bearer ${review.tokens.view}` },
        });
      const markdown = await (await download('export.md')).text();
      expect(markdown).toContain('Retries multiplied the load on the gateway — *Sam*');
      const exported = (await (await download('export.json')).json()) as {
        findings: Array<{ text: string; author?: string; anonymous: boolean }>;
      };
      expect(exported.findings).toEqual([
        expect.objectContaining({
          text: 'Retries multiplied the load on the gateway',
          author: 'Sam',
          anonymous: false,
        }),
      ]);
    },
    SLOW_TEST_MS,
  );

  it(
    'go through the anonymous path when the review turned anonymous meanwhile, and the name goes nowhere',
    async () => {
      const server = await startTestServer();
      const review = await createReview(server.url, 'Gateway brown-out');
      const [ana, sam] = await Promise.all([openPerson('Ana'), openPerson('Sam')]);
      const samNetwork = await networkSwitch(sam.context);
      await join(ana.page, review.links.facilitator, 'Ana');
      await join(sam.page, review.links.edit, 'Sam');

      // A participant recording every document update the server relays from now on.
      const observer = connectClient(server.wsUrl, review.id, review.tokens.edit);
      await observer.synced;
      const updates: Uint8Array[] = [];
      observer.doc.on('update', (update: Uint8Array) => updates.push(update));
      // ...and every name each presence client id has shown.
      const namesByClient = new Map<number, Set<string>>();
      const recordNames = () =>
        observer.provider.awareness.getStates().forEach((state, clientId) => {
          const name = (state as { user?: { name?: unknown } }).user?.name;
          if (typeof name !== 'string') return;
          if (!namesByClient.has(clientId)) namesByClient.set(clientId, new Set());
          namesByClient.get(clientId)!.add(name);
        });
      // what it has already (Sam's state may have come with the connection) and every change
      recordNames();
      observer.provider.awareness.on('change', recordNames);
      const clientsNamed = (name: string) =>
        [...namesByClient].filter(([, names]) => names.has(name)).map(([id]) => id);
      await expect.poll(() => clientsNamed('Sam').length).toBe(1);
      const samNamedId = clientsNamed('Sam')[0]!;

      await samNetwork.goOffline();
      await expect.poll(() => stateOf(sam.page)).toBe('offline');
      const input = sam.page.getByTestId('quick-add-went-wrong');
      await input.fill('I skipped the canary to save time');
      await input.press('Enter');
      await expect
        .poll(() => notesOf(sam.page))
        .toEqual([{ text: 'I skipped the canary to save time', author: 'by Sam' }]);

      // Meanwhile the facilitator makes the findings anonymous; Sam's browser last knew "named".
      const res = await fetch(`${server.url}/api/reviews/${review.id}/control`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${review.tokens.facilitator}` },
        body: JSON.stringify({ anonymity: 'anonymous' }),
      });
      expect(res.status).toBe(200);

      samNetwork.goOnline();
      await expect.poll(() => stateOf(sam.page), { timeout: 30_000 }).toBe('live');
      // Back under a pseudonym from a client id that never carried his name (he showed nobody
      // while offline, yet that id had said "Sam" before).
      await expect
        .poll(() => sam.page.getByTestId('presence-self').getAttribute('data-name'), { timeout: 20_000 })
        .not.toBe('Sam');
      const pseudonym = (await sam.page.getByTestId('presence-self').getAttribute('data-name'))!;
      await expect.poll(() => clientsNamed(pseudonym).length, { timeout: 20_000 }).toBe(1);
      expect(clientsNamed(pseudonym)).not.toContain(samNamedId);
      expect([...namesByClient.get(samNamedId)!]).toEqual(['Sam']);
      // Held by the server like any anonymous note: only Sam sees it, as waiting for the reveal.
      const held = sam.page.getByTestId('held-note');
      await expect.poll(() => held.textContent(), { timeout: 15_000 }).toContain('I skipped the canary to save time');
      expect(await sam.page.getByTestId('offline-note').count()).toBe(0);
      const revealButton = ana.page.getByTestId('reveal-held');
      await expect.poll(() => revealButton.getAttribute('data-held'), { timeout: 20_000 }).toBe('1');
      expect(await notesOf(ana.page)).toEqual([]);

      await revealButton.click();
      for (const page of [ana.page, sam.page]) {
        await expect
          .poll(() => notesOf(page))
          .toEqual([{ text: 'I skipped the canary to save time', author: 'Anonymous' }]);
      }
      await expect
        .poll(() => updates.some((update) => Buffer.from(update).includes('I skipped the canary')))
        .toBe(true);
      const exported = await (
        await fetch(`${server.url}/api/reviews/${review.id}/export.json`, {
          headers: { authorization: `Bearer ${review.tokens.view}` },
        })
      ).text();
      expect(exported).toContain('I skipped the canary to save time');
      expect(exported).not.toContain('Sam');
      // Not one update of the shared document carried the name.
      expect(updates.length).toBeGreaterThan(0);
      expect(updates.some((update) => Buffer.from(update).includes('Sam'))).toBe(false);
      observer.destroy();
    },
    SLOW_TEST_MS,
  );
});
