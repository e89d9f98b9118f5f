/**
 * The board and the report on a phone: at 360×740 and 390×844 nothing makes the page scroll
 * sideways. A filled review (the sample incident, in the vote phase with an anonymous note) is
 * opened by a facilitator, an editor, a newcomer (the Join dialog) and a viewer (the report); each
 * section is scrolled through and every visible element must end inside the viewport, and no box
 * may scroll sideways on its own. Action titles in the report wrap between words, not inside them.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openBoard, useBrowserPeople } from '../support/browser';
import { connectClient, waitFor } from '../support/clients';
import { fillSampleReview } from '../support/sample-review';
import { callApi as call, createReview, type CreatedReview, type TestServer } from '../support/server';
import { listRootCauses } from '@hindsight/review';

const { openPerson, startTestServer } = useBrowserPeople('phone');

const PHONES = [
  { width: 360, height: 740 },
  { width: 390, height: 844 },
] as const;

/** The sample incident mid-session: optional anonymity with one revealed note, the vote phase with a timer. */
async function seedReview(server: TestServer): Promise<CreatedReview> {
  const review = await createReview(server.url, 'Sample', 'SEV2');
  const editor = connectClient(server.wsUrl, review.id, review.tokens.edit);
  await editor.synced;
  fillSampleReview(editor.doc);
  const watcher = connectClient(server.wsUrl, review.id, review.tokens.view);
  await waitFor(() => listRootCauses(watcher.doc).length === 3, 'the sample on the server');
  editor.destroy();
  const facilitator = review.tokens.facilitator;
  await call(server, review, 'PATCH', '/control', facilitator, { anonymity: 'optional' });
  const participant = (await call(server, review, 'POST', '/participants', review.tokens.edit)).participantToken;
  await call(server, review, 'POST', '/anonymous-findings', participant as string, {
    category: 'contributing-factor',
    text: 'Nobody felt able to call the rollback without the service owner',
    secret: randomBytes(32).toString('base64url'),
  });
  await call(server, review, 'POST', '/anonymous-findings/reveal', facilitator);
  await call(server, review, 'PATCH', '/control', facilitator, {
    phase: 'vote',
    voting: 'open',
    phaseEndsAt: new Date(Date.now() + 30 * 60_000).toISOString(),
  });
  const [candidate] = listRootCauses(watcher.doc);
  await call(server, review, 'POST', '/votes', participant as string, { candidateId: candidate!.id, delta: 1 });
  await call(server, review, 'PATCH', '/control', facilitator, { votesRevealed: true });
  watcher.destroy();
  return review;
}

/**
 * Scrolls through each element matching `sectionSelector` a screen at a time and lists what sticks
 * out: the page scrolling sideways, a visible element whose box ends past the viewport's right edge
 * (or starts left of 0), or a box that scrolls sideways inside itself. Elements clipped away by an
 * ancestor (hidden overflow, visually-hidden text) are not seen, so they do not count.
 */
async function overflowsIn(page: Page, sectionSelector: string): Promise<string[]> {
  const sections = await page.locator(sectionSelector).count();
  expect(sections, `sections matching ${sectionSelector}`).toBeGreaterThan(0);
  const problems = new Set<string>();
  for (let index = 0; index < sections; index += 1) {
    const found = await page
      .locator(sectionSelector)
      .nth(index)
      .evaluate(async (section) => {
        const found: string[] = [];
        const describe = (element: Element): string => {
          const testId = element.closest('[data-testid]')?.getAttribute('data-testid');
          const classes =
            typeof element.className === 'string' && element.className
              ? `.${element.className.trim().split(/\s+/).join('.')}`
              : '';
          const text = (element.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40);
          return `${element.tagName.toLowerCase()}${classes}${testId ? ` in [${testId}]` : ''}${text ? ` “${text}”` : ''}`;
        };
        /** Whether an ancestor clips the element out of sight, or hides it (visually-hidden, closed details). */
        const clippedAway = (element: Element, rect: DOMRect): boolean => {
          for (let parent = element.parentElement; parent && parent !== document.body; parent = parent.parentElement) {
            const style = getComputedStyle(parent);
            if (style.overflowX === 'visible' && style.clip === 'auto' && style.clipPath === 'none') continue;
            const box = parent.getBoundingClientRect();
            if (style.overflowX === 'auto' || style.overflowX === 'scroll') continue; // reported as a sideways scroller
            if (rect.left >= box.right - 1 || rect.right <= box.left + 1 || box.width <= 1) return true;
          }
          return false;
        };
        const measure = () => {
          const viewport = document.documentElement.clientWidth;
          if (document.documentElement.scrollWidth > window.innerWidth) {
            found.push(
              `the page scrolls sideways: ${document.documentElement.scrollWidth} px wide in ${window.innerWidth}`,
            );
          }
          // Only the outermost element that sticks out is named: its descendants stick out with it.
          const offending = new Set<Element>();
          for (const element of [section, ...section.querySelectorAll('*')]) {
            const rect = element.getBoundingClientRect();
            if (rect.width <= 1 || rect.height <= 1) continue;
            if (rect.bottom < 0 || rect.top > window.innerHeight) continue;
            const inside = rect.right <= viewport + 0.5 && rect.left >= -0.5;
            if (inside && element.scrollWidth <= element.clientWidth + 1) continue; // the common case, no style needed
            const style = getComputedStyle(element);
            if (style.visibility === 'hidden' || style.display === 'contents') continue;
            if (style.clip !== 'auto' || style.clipPath !== 'none') continue;
            if (
              (style.overflowX === 'auto' || style.overflowX === 'scroll') &&
              element.scrollWidth > element.clientWidth + 1 &&
              !(element instanceof HTMLTextAreaElement) &&
              !(element instanceof HTMLInputElement)
            ) {
              found.push(`${describe(element)} scrolls sideways (${element.scrollWidth} px in ${element.clientWidth})`);
            }
            if (inside) continue;
            if (clippedAway(element, rect)) continue;
            offending.add(element);
            if (element.parentElement && offending.has(element.parentElement)) continue;
            found.push(
              `${describe(element)} spans ${Math.round(rect.left)}–${Math.round(rect.right)} px (viewport ${viewport})`,
            );
          }
        };
        section.scrollIntoView({ block: 'start' });
        const frame = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
        await frame();
        const top = section.getBoundingClientRect().top + window.scrollY;
        const bottom = top + section.getBoundingClientRect().height;
        for (let y = top; y < bottom; y += window.innerHeight * 0.8) {
          window.scrollTo(0, y);
          await frame();
          measure();
          if (window.scrollY + window.innerHeight >= document.documentElement.scrollHeight) break;
        }
        return found;
      });
    for (const problem of found) problems.add(problem);
  }
  return [...problems];
}

/**
 * The words in `selector`'s text that are split over two lines although they would fit on a line of
 * their section: a word laid out on one line has one client rect, a word broken inside has two or more.
 */
async function wordsSplitIn(page: Page, selector: string): Promise<string[]> {
  const count = await page.locator(selector).count();
  expect(count, `elements matching ${selector}`).toBeGreaterThan(0);
  return page.locator(selector).evaluateAll((elements) => {
    const split: string[] = [];
    for (const element of elements) {
      element.scrollIntoView({ block: 'center' });
      // the width a line could have: the report section's, not the (maybe squeezed) title's own
      const width = (element.closest('section') ?? document.body).getBoundingClientRect().width;
      const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent ?? '';
        for (const match of text.matchAll(/\S+/g)) {
          const range = document.createRange();
          range.setStart(node, match.index);
          range.setEnd(node, match.index + match[0].length);
          const rects = [...range.getClientRects()].filter((rect) => rect.width > 0);
          const tops = new Set(rects.map((rect) => Math.round(rect.top)));
          const wordWidth = rects.reduce((sum, rect) => sum + rect.width, 0);
          if (tops.size > 1 && wordWidth <= width) split.push(`“${match[0]}” in “${text.trim().slice(0, 40)}”`);
        }
      }
    }
    return split;
  });
}

describe('on a phone', () => {
  for (const viewport of PHONES) {
    it(`nothing scrolls sideways on the board at ${viewport.width}×${viewport.height}`, async () => {
      const server = await startTestServer();
      const review = await seedReview(server);
      const problems: string[] = [];
      const check = async (view: string, page: Page, selector: string) => {
        for (const problem of await overflowsIn(page, selector)) problems.push(`${view}: ${problem}`);
      };

      const newcomer = await openPerson('newcomer', { viewport, displayName: null });
      await newcomer.page.goto(review.links.edit);
      await newcomer.page.getByTestId('name-dialog').waitFor();
      await check('join dialog', newcomer.page, '[data-testid="name-dialog"]');
      await newcomer.context.close(); // two browsers at a time are enough for the machine

      const boardParts = '.topbar, .shell .page > *:not(.board), .board > *';
      const facilitator = await openPerson('facilitator', { viewport });
      await openBoard(facilitator.page, review.links.facilitator, 'live', { section: 'actions-section' });
      await facilitator.page.getByTestId('facilitator-controls').waitFor();
      await expect.poll(() => facilitator.page.getByTestId('finding').count()).toBeGreaterThan(5);
      await check('facilitator', facilitator.page, boardParts);
      await facilitator.context.close();

      const editor = await openPerson('editor', { viewport });
      await openBoard(editor.page, review.links.edit, 'live', { section: 'actions-section' });
      await expect.poll(() => editor.page.getByTestId('finding').count()).toBeGreaterThan(5);
      // one event's details editor open, as when someone corrects a time
      await editor.page
        .getByRole('button', { name: /^Edit time, kind and source/ })
        .first()
        .click();
      await editor.page.getByRole('group', { name: 'Event details' }).waitFor();
      await check('editor', editor.page, boardParts);

      expect(problems).toEqual([]);
    }, 180_000);

    it(`nothing scrolls sideways in the report at ${viewport.width}×${viewport.height}`, async () => {
      const server = await startTestServer();
      const review = await seedReview(server);
      const viewer = await openPerson('viewer', { viewport });
      await openBoard(viewer.page, review.links.view, 'read-only');
      await viewer.page.getByTestId('report').waitFor();
      await expect.poll(() => viewer.page.getByTestId('report-root-cause-votes').count()).toBe(3);
      expect.soft(await overflowsIn(viewer.page, '.topbar, [data-testid="report"] > *')).toEqual([]);
      expect(await wordsSplitIn(viewer.page, '[data-testid="report-action-title"]')).toEqual([]);
    }, 120_000);
  }
});
