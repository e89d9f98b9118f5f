/**
 * Export and import in a real browser against a real server: the board's Export menu downloads
 * the review as Markdown (fetched with the tab's token in a header, never in an address), and the
 * JSON export imported on the home page opens a new board with the same title, timeline and
 * formatted narrative.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import * as Y from 'yjs';
import { addFinding, addTimelineEvent, narrativeFragment, setTitle } from '@hindsight/review';
import { openBoard, useBrowserPeople } from '../support/browser';
import { connectClient } from '../support/clients';
import { createReview, type CreatedReview } from '../support/server';

const { openPerson, startTestServer } = useBrowserPeople('export');

const TITLE = 'Checkout errors during payment provider slowdown';
// Sources as people write them: a tool, a person, a tool and a person.
const EVENTS = [
  { at: '2026-03-14T09:41:00Z', kind: 'action', text: 'Config push cfg-2291 goes out', source: 'deploy' },
  { at: '2026-03-14T10:00:15Z', kind: 'detection', text: 'Latency alert fires | eu-west-1', source: 'pager' },
  { at: '2026-03-14T10:08:00Z', kind: 'decision', text: 'Ana takes incident command', source: 'Ana Ruiz' },
  { at: '2026-03-14T10:23:00Z', kind: 'action', text: 'Rollback completes', source: 'pager · Chen Li' },
] as const;

/** Fills the review through a y-websocket client and waits until the server's export has it all. */
async function seed(serverUrl: string, wsUrl: string, review: CreatedReview): Promise<void> {
  const client = connectClient(wsUrl, review.id, review.tokens.edit);
  await client.synced;
  const { doc } = client;
  setTitle(doc, TITLE);
  for (const event of EVENTS) addTimelineEvent(doc, event);
  addFinding(doc, { category: 'went-wrong', text: 'Config push went out without review', author: 'Priya' });
  doc.transact(() => {
    const paragraph = new Y.XmlElement('paragraph');
    const text = new Y.XmlText();
    text.insert(0, 'The pool ran dry; ');
    text.insert(18, 'rolling back', { bold: {} });
    text.insert(30, ' fixed it.', { bold: null }); // not bold: an insert takes its neighbour's marks
    paragraph.insert(0, [text]);
    narrativeFragment(doc, 'summary').insert(0, [paragraph]);
  });
  await expect
    .poll(async () => {
      const exported = await exportJson(serverUrl, review);
      return [exported.review.title, exported.timeline.length, exported.narrative.summary.text];
    })
    .toEqual([TITLE, EVENTS.length, 'The pool ran dry; rolling back fixed it.']);
  client.destroy();
}

async function exportJson(serverUrl: string, review: CreatedReview) {
  const res = await fetch(`${serverUrl}/api/reviews/${review.id}/export.json`, {
    headers: { authorization: `Bearer ${review.tokens.view}` },
  });
  return (await res.json()) as {
    review: { title: string };
    timeline: unknown[];
    narrative: { summary: { text: string } };
  };
}

/** The timeline texts as shown, top to bottom. */
function shownEvents(page: Page): Promise<string[]> {
  return page.getByTestId('timeline-event').evaluateAll((rows) =>
    rows.map((row) => {
      const field = row.querySelector('textarea');
      return (field ? field.value : row.querySelector('.timeline-text')?.textContent) ?? '';
    }),
  );
}

describe('export and import', () => {
  it('downloads the review as Markdown from the Export menu, with the token in no HTTP request address (only the sync socket’s)', async () => {
    const server = await startTestServer();
    const review = await createReview(server.url, 'Draft title', 'SEV2');
    await seed(server.url, server.wsUrl, review);
    const alice = await openPerson('alice');
    // Every HTTP request of the page (documents, assets, API), and every WebSocket it opens: those
    // fire no 'request' event, and browsers cannot give them a header, so the sync socket's address
    // is the one that carries the token (docs/SECURITY.md).
    const addresses: string[] = [];
    const socketAddresses: string[] = [];
    alice.page.on('request', (request) => addresses.push(request.url()));
    alice.page.on('websocket', (ws) => socketAddresses.push(ws.url()));
    // (A view link opens the read-only report; every role's export rights are checked by the server tests.)
    await openBoard(alice.page, new URL(review.links.edit, server.url).href, 'live');

    // The menu offers each format, plain and redacted.
    const downloaded = alice.page.waitForEvent('download');
    await alice.page.getByTestId('export-button').click();
    await alice.page.getByTestId('export-markdown').click();
    const download = await downloaded;
    expect(download.suggestedFilename()).toBe('checkout-errors-during-payment-provider-slowdown.md');
    const markdown = fs.readFileSync((await download.path())!, 'utf8');
    expect(markdown.startsWith(`# ${TITLE}\n`)).toBe(true);
    expect(markdown).toContain('The pool ran dry; **rolling back** fixed it.');
    expect(markdown).toContain('| 2026-03-14 10:00:15 | Detection | Latency alert fires \\| eu-west-1 | pager |');
    expect(markdown).toContain('- Config push went out without review — *Priya*');

    expect(markdown).toContain('| 2026-03-14 10:23 | Action | Rollback completes | pager · Chen Li |');

    const redacted = alice.page.waitForEvent('download');
    await alice.page.getByTestId('export-button').click();
    await alice.page.getByTestId('export-csv-redacted').click();
    expect((await redacted).suggestedFilename()).toBe(
      'checkout-errors-during-payment-provider-slowdown-actions-redacted.csv',
    );

    // Names redacted: the people in timeline sources too, and where the text names them.
    const redactedMarkdown = alice.page.waitForEvent('download');
    await alice.page.getByTestId('export-button').click();
    await alice.page.getByTestId('export-markdown-redacted').click();
    const redactedDownload = await redactedMarkdown;
    expect(redactedDownload.suggestedFilename()).toBe('checkout-errors-during-payment-provider-slowdown-redacted.md');
    const withoutNames = fs.readFileSync((await redactedDownload.path())!, 'utf8');
    for (const name of ['Ana Ruiz', 'Chen Li', 'Priya']) expect(withoutNames).not.toContain(name);
    expect(withoutNames).not.toMatch(/\bAna\b/);
    expect(withoutNames).toContain(
      '| 2026-03-14 10:08 | Decision | Participant 2 takes incident command | Participant 2 |',
    );
    expect(withoutNames).toContain('| 2026-03-14 10:23 | Action | Rollback completes | pager · Participant 3 |');
    expect(withoutNames).toContain('- Config push went out without review — *Participant 1*');

    expect(addresses.some((address) => address.includes('/export.md'))).toBe(true);
    expect(
      addresses.some((address) => address.endsWith('.js')),
      'the page’s own assets are among them',
    ).toBe(true);
    for (const address of addresses) expect(address).not.toContain('hs_');
    // The address bar lost the fragment's token once the page moved it into the tab's storage.
    expect(alice.page.url()).not.toContain('hs_');
    expect(socketAddresses.length).toBeGreaterThan(0);
    for (const address of socketAddresses) expect(address).toMatch(new RegExp(`/sync/${review.id}\\?token=hs_`));
  });

  it('imports an exported JSON file on the home page and opens the new board with the same review', async () => {
    const server = await startTestServer();
    const review = await createReview(server.url, 'Draft title', 'SEV2');
    await seed(server.url, server.wsUrl, review);
    const exported = await fetch(`${server.url}/api/reviews/${review.id}/export.json`, {
      headers: { authorization: `Bearer ${review.tokens.facilitator}` },
    });
    const file = Buffer.from(await exported.arrayBuffer());

    const bob = await openPerson('bob');
    await bob.page.goto(server.url);
    await bob.page
      .getByTestId('import-review-file')
      .setInputFiles({ name: 'review.json', mimeType: 'application/json', buffer: file });

    // The new review opens with Bob as its facilitator: a new id, the same content.
    await expect.poll(() => new URL(bob.page.url()).pathname).toMatch(/^\/r\/[A-Za-z0-9_-]+$/);
    const newId = new URL(bob.page.url()).pathname.split('/')[2];
    expect(newId).not.toBe(review.id);
    await expect.poll(() => bob.page.getByTestId('connection-state').getAttribute('data-state')).toBe('live');
    await expect.poll(() => bob.page.getByLabel('Review title').inputValue()).toBe(TITLE);
    await expect.poll(() => shownEvents(bob.page)).toEqual(EVENTS.map((event) => event.text));
    expect(await bob.page.getByTestId('share-button').count()).toBe(1);
    // The rich text reached the editor intact (an element it could not hold would be dropped).
    const summary = bob.page.getByTestId('narrative-editable-summary');
    await expect.poll(() => summary.locator('strong').textContent()).toBe('rolling back');
    expect(await summary.textContent()).toContain('The pool ran dry; rolling back fixed it.');
  });

  it('explains why a file that is not a review export cannot be imported', async () => {
    const server = await startTestServer();
    const carol = await openPerson('carol');
    await carol.page.goto(server.url);
    await carol.page.getByTestId('import-review-file').setInputFiles({
      name: 'notes.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify({ format: 'trello', cards: [] })),
    });
    await expect.poll(() => carol.page.getByTestId('import-review-error').textContent()).toMatch(/format/);
    expect(new URL(carol.page.url()).pathname).toBe('/');
  });
});
