/**
 * The report in a real browser: a view link opens the review as a read-only report with every
 * section in reading order (the sample incident, with anonymous findings and a revealed vote),
 * follows an editor's changes live, shows the final state once the facilitator closes the review,
 * and prints: print-only rules apply (no chrome, light colours even in dark mode, no split cards)
 * and Chromium renders a PDF of several pages. Facilitators reach the same report from the board.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import * as Y from 'yjs';
import { addTimelineEvent, listRootCauses, narrativeFragment, setTitle } from '@hindsight/review';
import { openBoard, outputDir, useBrowserPeople } from '../support/browser';
import { connectClient, waitFor, type SyncClient } from '../support/clients';
import { fillSampleReview } from '../support/sample-review';
import { callApi as call, createReview, type CreatedReview, type TestServer } from '../support/server';

const { openPerson, startTestServer } = useBrowserPeople('report');

const TITLE = 'Checkout errors during payment provider slowdown';
const ANONYMOUS_TEXT = 'Nobody felt able to call the rollback without the service owner';
const STATUS_LINK = 'https://status.example.com/incidents/42';

/**
 * The sample incident, through an editor's y-websocket client, plus a link in the narrative, one
 * anonymous finding (revealed) and a revealed vote that ranks the candidates differently from the
 * order they were promoted in: Detection 3, Config changes 2, the timeout finding 1.
 */
async function seedSample(server: TestServer): Promise<{ review: CreatedReview; editor: SyncClient }> {
  const review = await createReview(server.url, 'Sample', 'SEV3');
  const editor = connectClient(server.wsUrl, review.id, review.tokens.edit);
  await editor.synced;
  fillSampleReview(editor.doc);
  editor.doc.transact(() => {
    const paragraph = new Y.XmlElement('paragraph');
    const text = new Y.XmlText();
    paragraph.insert(0, [text]);
    narrativeFragment(editor.doc, 'resolution').push([paragraph]);
    text.insert(0, 'Timeline of the customer updates: ');
    text.insert(text.length, 'status page incident', { link: { href: STATUS_LINK } });
  });
  const candidates = listRootCauses(editor.doc).map((candidate) => candidate.id);
  const watcher = connectClient(server.wsUrl, review.id, review.tokens.view);
  await waitFor(() => listRootCauses(watcher.doc).length === 3, 'the sample on the server');
  watcher.destroy();

  const facilitator = review.tokens.facilitator;
  await call(server, review, 'PATCH', '/control', facilitator, { anonymity: 'optional' });
  const join = async () =>
    (await call(server, review, 'POST', '/participants', review.tokens.edit)).participantToken as string;
  const [first, second] = [await join(), await join()];
  const secret = randomBytes(32).toString('base64url');
  await call(server, review, 'POST', '/anonymous-findings', first, {
    category: 'contributing-factor',
    text: ANONYMOUS_TEXT,
    secret,
  });
  await call(server, review, 'POST', '/anonymous-findings/reveal', facilitator);
  await call(server, review, 'PATCH', '/control', facilitator, { phase: 'vote', voting: 'open' });
  const [config, timeout, detection] = candidates as [string, string, string];
  for (const [participant, candidateId] of [
    [first, detection],
    [first, detection],
    [first, config],
    [second, detection],
    [second, config],
    [second, timeout],
  ] as const) {
    await call(server, review, 'POST', '/votes', participant, { candidateId, delta: 1 });
  }
  await call(server, review, 'PATCH', '/control', facilitator, { votesRevealed: true });
  return { review, editor };
}

/** The report's headings (h1, h2) in document order. */
const headings = (page: Page) =>
  page
    .getByTestId('report')
    .locator('h1, h2')
    .evaluateAll((nodes) => nodes.map((node) => node.textContent?.trim() ?? ''));

const texts = (page: Page, testId: string) =>
  page.getByTestId(testId).evaluateAll((nodes) => nodes.map((node) => node.textContent?.trim() ?? ''));

/** Opens the report of a view link and waits until the sample is on it. */
async function openReport(page: Page, link: string): Promise<void> {
  await openBoard(page, link, 'read-only');
  await page.getByTestId('report').waitFor();
  await expect.poll(() => page.getByTestId('review-title').textContent()).toBe(TITLE);
  await expect.poll(() => page.getByTestId('report-root-cause-votes').count()).toBe(3);
}

describe('report', () => {
  it('shows a viewer every section in reading order, read-only, live, and final once closed', async () => {
    const server = await startTestServer();
    const { review, editor } = await seedSample(server);
    const viewer = await openPerson('viewer', { timezoneId: 'UTC' });
    const problems: string[] = [];
    viewer.page.on('pageerror', (error) => problems.push(error.message));
    viewer.page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    try {
      await openReport(viewer.page, review.links.view);
      const page = viewer.page;

      // Reading order: header with key times, narrative, timeline, findings, root causes, the chain
      // root cause → actions, actions, and what the review still lacks.
      expect(await headings(page)).toEqual([
        TITLE,
        'Key times',
        'Narrative',
        'Timeline',
        'Findings',
        'Root causes',
        'Root causes and their actions',
        'Action items',
        'Gaps',
      ]);
      expect(await page.getByTestId('review-severity').getAttribute('data-severity')).toBe('SEV2');
      expect(await page.getByTestId('key-time-started').textContent()).toMatch(/09:41|9:41/);
      expect(await page.getByTestId('duration-detect-value').textContent()).toBe('19m');
      expect(await page.getByTestId('duration-mitigate-value').textContent()).toBe('42m');
      expect(await page.getByTestId('duration-resolve-value').textContent()).toBe('1h 44m');
      expect(await page.getByTestId('report-live').textContent()).toContain('in progress');

      // The narrative as rich text, links included.
      expect(await page.getByTestId('report-narrative-summary').textContent()).toContain('cfg-2291');
      expect(await page.getByTestId('report-narrative-resolution').getByRole('link').getAttribute('href')).toBe(
        STATUS_LINK,
      );

      // The timeline in time order, with the key times marked on their events.
      const events = await texts(page, 'report-event-text');
      expect(events).toHaveLength(8);
      expect(events[0]).toMatch(/^Config push cfg-2291/);
      expect(events[7]).toMatch(/^Failed payment webhooks replayed/);
      expect(await texts(page, 'report-event-keytime')).toEqual(['Started', 'Detected', 'Mitigated', 'Resolved']);

      // Findings by category, then group; the anonymous one says so.
      const categories = await page
        .getByTestId('report-category')
        .evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-category')));
      expect(categories).toEqual(['went-well', 'went-wrong', 'lucky', 'contributing-factor']);
      const wrong = page.locator('[data-testid="report-category"][data-category="went-wrong"]');
      // Groups in the board's order (by creation; the sample makes both in one millisecond, so either
      // may come first), then the ungrouped ones.
      const groupHeadings = await wrong.locator('h4').allTextContents();
      expect([...groupHeadings.slice(0, 2)].sort()).toEqual(['Config changes', 'Detection']);
      expect(groupHeadings[2]).toBe('Other findings');
      const anonymous = page.locator('[data-testid="report-finding"][data-anonymous]');
      expect(await anonymous.count()).toBe(1);
      expect(await anonymous.textContent()).toBe(`${ANONYMOUS_TEXT}Anonymous`);
      expect(
        await page.getByTestId('report-finding').filter({ hasText: 'Rollback took 8 minutes' }).textContent(),
      ).toContain('Priya');

      // Root causes ranked by the revealed votes, not by when they were promoted.
      expect(await texts(page, 'report-root-cause-title')).toEqual([
        'Detection',
        'Config changes',
        'Pool idle timeout accepts any value',
      ]);
      expect(await texts(page, 'report-root-cause-votes')).toEqual(['3 votes', '2 votes', '1 vote']);

      // Action items, most urgent first; the late one stands out.
      expect(await texts(page, 'report-action-title')).toEqual([
        'Alert on checkout error rate above 2% for 3 minutes',
        'Require review and a canary stage for payments database config pushes',
        'Move the on-call rota into the paging tool',
        'Reject pool idle timeouts below 60 s in the config schema',
      ]);
      const overdue = await page
        .getByTestId('report-action')
        .evaluateAll((rows) => rows.map((row) => row.hasAttribute('data-overdue')));
      expect(overdue).toEqual([true, false, false, false]);

      // Nothing to edit: no field anywhere, and the only button on the page is Print.
      expect(await page.locator('input, select, textarea, [contenteditable="true"]').count()).toBe(0);
      expect(await page.locator('main button').allTextContents()).toEqual(['Print / Save as PDF']);
      await page.screenshot({ path: path.join(outputDir, 'report-screen.png'), fullPage: true });

      // An editor's changes arrive live.
      addTimelineEvent(editor.doc, {
        at: '2026-03-14T10:30:00Z',
        kind: 'communication',
        text: 'Status page: all clear in the EU',
        source: 'status page',
      });
      setTitle(editor.doc, `${TITLE} (EU)`);
      await expect.poll(() => texts(page, 'report-event-text')).toContain('Status page: all clear in the EU');
      await expect.poll(() => page.getByTestId('review-title').textContent()).toBe(`${TITLE} (EU)`);

      // Closed by the facilitator: the final state, with who closed it and when.
      await call(server, review, 'POST', '/close', review.tokens.facilitator, { closedBy: 'Priya' });
      await expect.poll(() => page.getByTestId('report-closed').textContent()).toMatch(/^Closed by Priya on .+\d{4}/);
      expect(await page.getByTestId('review-status').getAttribute('data-status')).toBe('closed');
      expect(await page.getByTestId('report-live').count()).toBe(0);
      expect(await texts(page, 'report-event-text')).toHaveLength(9);
      expect(await page.getByTestId('review-title').textContent()).toBe(`${TITLE} (EU)`);
      await page.screenshot({ path: path.join(outputDir, 'report-closed.png'), fullPage: true });
      expect(problems).toEqual([]);
    } finally {
      editor.destroy();
    }
  });

  it('prints without chrome, in light colours even in dark mode, to a PDF of several pages', async () => {
    const server = await startTestServer();
    const { review, editor } = await seedSample(server);
    const viewer = await openPerson('viewer', { timezoneId: 'UTC' });
    try {
      await openReport(viewer.page, review.links.view);
      const page = viewer.page;
      expect(await page.getByTestId('report-print').isVisible()).toBe(true);

      await page.emulateMedia({ media: 'print', colorScheme: 'dark' });
      // No application chrome on paper: no top bar, no toolbar, no print button.
      for (const selector of ['.topbar', '[data-testid="report-toolbar"]', '[data-testid="report-print"]']) {
        expect(await page.locator(selector).isVisible(), selector).toBe(false);
      }
      const printed = await page.evaluate(() => {
        const style = (selector: string, pseudo?: string) => {
          const element = document.querySelector(selector);
          return element ? getComputedStyle(element, pseudo) : null;
        };
        return {
          background: getComputedStyle(document.body).backgroundColor,
          text: style('.report')?.color,
          reportBorder: style('.report')?.borderTopStyle,
          findingBreak: style('[data-testid="report-finding"]')?.breakInside,
          rowBreak: style('[data-testid="report-event"]')?.breakInside,
          headingBreak: style('.report-section__head')?.breakAfter,
          linkAfter: style('[data-testid="report-narrative-resolution"] a', '::after')?.content,
          draftNote: (document.querySelector('[data-testid="report-live"] .print-only') as HTMLElement | null)
            ?.innerText,
          sticky: [...document.querySelectorAll('.report *')].filter((node) =>
            ['sticky', 'fixed'].includes(getComputedStyle(node).position),
          ).length,
        };
      });
      expect(printed.background).toBe('rgb(255, 255, 255)');
      expect(printed.text).toBe('rgb(17, 24, 32)');
      expect(printed.reportBorder).toBe('none');
      expect(printed.findingBreak).toBe('avoid');
      expect(printed.rowBreak).toBe('avoid');
      expect(printed.headingBreak).toBe('avoid-page');
      expect(printed.linkAfter).toContain(STATUS_LINK);
      expect(printed.draftNote).toMatch(/^Draft, printed .+ while the review was still in progress\.$/);
      expect(printed.sticky).toBe(0);

      // What the print layout looks like, at the width of an A4 page.
      await page.setViewportSize({ width: 794, height: 1123 });
      await page.screenshot({ path: path.join(outputDir, 'report-print.png'), fullPage: true });

      for (const format of ['A4', 'Letter'] as const) {
        const pdf = await page.pdf({ format, printBackground: true });
        fs.writeFileSync(path.join(outputDir, `report-${format.toLowerCase()}.pdf`), pdf);
        expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
        const pages = pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g)?.length ?? 0;
        expect(pages, `${format} pages`).toBeGreaterThan(1);
      }

      // Back on screen, the dark scheme applies again (the print palette is print-only).
      await page.emulateMedia({ media: 'screen', colorScheme: 'dark' });
      expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).not.toBe('rgb(255, 255, 255)');
      expect(await page.getByTestId('report-print').isVisible()).toBe(true);
      await page.screenshot({ path: path.join(outputDir, 'report-dark.png') });
    } finally {
      editor.destroy();
    }
  });

  it('switches between board and report: facilitators from the board, viewers to the read-only board, and back', async () => {
    const server = await startTestServer();
    const review = await createReview(server.url, 'Search latency', 'SEV3');
    const priya = await openPerson('priya');
    await openBoard(priya.page, review.links.facilitator, 'live', { section: 'findings-section' });
    await priya.page.getByTestId('quick-add-went-well').fill('Rollback was quick');
    await priya.page.getByTestId('quick-add-went-well').press('Enter');

    await priya.page.getByTestId('report-view-link').click();
    await priya.page.getByTestId('report').waitFor();
    expect(new URL(priya.page.url()).search).toBe('?view=report');
    await expect.poll(() => texts(priya.page, 'report-finding-text')).toEqual(['Rollback was quick']);
    expect(await priya.page.getByTestId('findings-section').count()).toBe(0);

    // A reload keeps the view; the link back returns to the live board.
    await priya.page.reload();
    await priya.page.getByTestId('report').waitFor();
    await priya.page.getByTestId('board-view-link').click();
    await priya.page.getByTestId('findings-section').waitFor();
    expect(new URL(priya.page.url()).search).toBe('');
    expect(await priya.page.getByTestId('report').count()).toBe(0);
    // The browser's Back button returns to the report.
    await priya.page.goBack();
    await priya.page.getByTestId('report').waitFor();

    // A viewer can watch the read-only board instead (`?view=board`), and come back to the report.
    const carol = await openPerson('carol');
    await openBoard(carol.page, review.links.view.replace('#', '?view=board#'), 'read-only', {
      section: 'findings-section',
    });
    expect(await carol.page.getByTestId('report').count()).toBe(0);
    expect(await carol.page.getByTestId('quick-add-went-well').count()).toBe(0);
    await carol.page.getByTestId('report-view-link').click();
    await carol.page.getByTestId('report').waitFor();
    expect(new URL(carol.page.url()).search).toBe('');
    expect(await carol.page.getByTestId('board-view-link').textContent()).toBe('Board view');
  });
});
