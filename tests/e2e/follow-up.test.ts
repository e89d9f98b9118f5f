/**
 * Follow-through after closing, in the browser: the facilitator's closed board keeps the action items'
 * follow-through fields editable and issues a follow-up link, which opens the board with
 * only the action items' status, owner, due date and progress editable; a change there reaches
 * another tab's report live, and the server stores it, while the title stays read-only.
 */
import { describe, expect, it } from 'vitest';
import { addAction, addFinding } from '@hindsight/review';
import { connectClient, waitFor } from '../support/clients';
import { networkSwitch, openBoard, useBrowserPeople } from '../support/browser';
import { callApi, createReview } from '../support/server';

const { openPerson, startTestServer } = useBrowserPeople('follow-up');

describe('a follow-up link after closing', () => {
  it('changes an action’s status and progress, shown live in the report, while the rest stays read-only', async () => {
    const server = await startTestServer();
    const review = await createReview(server.url, 'Queue backlog');
    const editor = connectClient(server.wsUrl, review.id, review.tokens.edit);
    await editor.synced;
    const finding = addFinding(editor.doc, { category: 'went-wrong', text: 'No alert on queue depth' });
    addAction(editor.doc, { title: 'Alert on queue depth', owner: 'Sam', findingIds: [finding] });
    const actions = () => callApi(server, review, 'GET', '/actions', review.tokens.facilitator);
    await waitFor(async () => ((await actions()).actions as unknown[]).length === 1, 'the action on the server');
    editor.destroy();
    await callApi(server, review, 'POST', '/close', review.tokens.facilitator, { closedBy: 'Priya' });

    // The facilitator's closed board: the fixes stay editable, and the Share panel issues a follow-up link.
    const [priya, ana, reader] = await Promise.all([openPerson('Priya'), openPerson('Ana'), openPerson('Reader')]);
    await openBoard(priya.page, review.links.facilitator, 'live', { section: 'action-row' });
    const priyaRow = priya.page.getByTestId('action-row');
    expect(await priyaRow.getByTestId('action-title').evaluate((el) => el.tagName)).toBe('P');
    await priyaRow.getByTestId('action-owner').fill('Ana');
    await priyaRow.getByTestId('action-owner').press('Enter');
    await priya.page.getByTestId('share-button').click();
    await priya.page.getByTestId('share-create-follow-up').click();
    const followUp = await priya.page.getByTestId('share-follow-up-link').inputValue();
    expect(followUp).toMatch(new RegExp(`/r/${review.id}#token=hs_`));

    await openBoard(ana.page, followUp, 'read-only', { section: 'action-row' });
    await reader.page.goto(review.links.view);
    await reader.page.getByTestId('report-action').waitFor();
    expect(await reader.page.getByTestId('report-action-status').textContent()).toContain('Open');

    expect(await ana.page.getByTestId('closed-banner').textContent()).toContain(
      'Action items’ status, owner, due date and progress stay editable.',
    );
    // The analysis is read-only: no editable title, finding or action title, nothing to add.
    const row = ana.page.getByTestId('action-row');
    expect(await ana.page.locator('[contenteditable="true"]').count()).toBe(0);
    expect(await ana.page.locator('[data-testid^="quick-add-"]').count()).toBe(0);
    expect(await row.getByTestId('action-title').evaluate((el) => el.tagName)).toBe('P');
    expect(await ana.page.getByTestId('review-title').evaluate((el) => el.tagName)).toBe('H1');
    expect(await ana.page.getByTestId('review-title-input').count()).toBe(0);

    await row.getByTestId('action-status').selectOption('in-progress');
    await row.getByTestId('action-progress').fill('Alert drafted, in review');
    await row.getByTestId('action-progress').press('Enter');

    await expect.poll(() => reader.page.getByTestId('report-action-status').textContent()).toContain('In progress');
    await expect
      .poll(() => reader.page.getByTestId('report-action-progress').textContent())
      .toBe('Alert drafted, in review');
    // Stored by the server: what a script reading the API sees.
    await expect
      .poll(async () => (await actions()).actions)
      .toEqual([
        expect.objectContaining({ status: 'in-progress', progress: 'Alert drafted, in review', owner: 'Ana' }),
      ]);
  });

  it('an edit made offline and sent after closing does not hold back the facilitator’s changes to the fixes', async () => {
    const server = await startTestServer();
    const review = await createReview(server.url, 'Cache stampede');
    const editor = connectClient(server.wsUrl, review.id, review.tokens.edit);
    await editor.synced;
    addAction(editor.doc, { title: 'Add request coalescing', owner: 'Sam' });
    const actions = () => callApi(server, review, 'GET', '/actions', review.tokens.facilitator);
    await waitFor(async () => ((await actions()).actions as unknown[]).length === 1, 'the action on the server');
    editor.destroy();

    const priya = await openPerson('Priya');
    const network = await networkSwitch(priya.context);
    await openBoard(priya.page, review.links.facilitator, 'live', { section: 'action-row' });
    // Offline, she renames the review; meanwhile it is closed elsewhere.
    await network.goOffline();
    await priya.page.getByTestId('review-title-input').fill('Cache stampede on Black Friday');
    await callApi(server, review, 'POST', '/close', review.tokens.facilitator, { closedBy: 'Ana' });
    network.goOnline();
    // Back online, her board learns it is closed (the rename is dropped by the server) ...
    await priya.page.getByTestId('closed-banner').waitFor({ timeout: 20_000 });
    // ... and her change to the fix still lands, though it follows the dropped rename.
    const row = priya.page.getByTestId('action-row');
    await row.getByTestId('action-status').selectOption('in-progress');
    await expect
      .poll(async () => (await actions()).actions)
      .toEqual([expect.objectContaining({ status: 'in-progress', owner: 'Sam' })]);
    const meta = await callApi(server, review, 'GET', '', review.tokens.view);
    expect(meta.title, 'the rename sent after closing is not stored').toBe('Cache stampede');
  });
});
