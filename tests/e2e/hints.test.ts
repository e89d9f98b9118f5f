/**
 * Blameless-language hints in real browsers: a blaming sentence typed into a finding shows a hint
 * under the note; "Use suggestion" rewords it for everyone (a normal edit), the board's Ctrl+Z brings
 * the original back, and "Dismiss" hides the hint for that text in this browser only, across a
 * reload. In the narrative the words are underlined in place and the suggestion is undone with the
 * editor's own Ctrl+Z.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openBoard, outputDir, useBrowserPeople } from '../support/browser';
import { callApi, createReview } from '../support/server';

const { openPerson, startTestServer } = useBrowserPeople('hints');

/** The text of the first note on a page (its field for an editor). */
function noteText(page: Page): Promise<string> {
  return page.getByTestId('note-text').first().inputValue();
}

function summaryText(page: Page): Promise<string> {
  return page.getByTestId('narrative-editable-summary').evaluate((root) => {
    const copy = root.cloneNode(true) as HTMLElement;
    copy.querySelectorAll('.ProseMirror-widget, .narrative-caret').forEach((widget) => widget.remove());
    return copy.textContent ?? '';
  });
}

describe('blameless language hints', () => {
  it('hints under a finding, applies the suggestion for everyone, undoes it, and dismisses locally', async () => {
    const server = await startTestServer();
    const review = await createReview(server.url, 'Debug logging incident');
    const [alice, bob] = await Promise.all([openPerson('alice'), openPerson('bob')]);
    await openBoard(alice.page, review.links.facilitator, 'live', { name: 'alice', section: 'findings-section' });
    await openBoard(bob.page, review.links.edit, 'live', { name: 'bob', section: 'findings-section' });

    const quickAdd = alice.page.getByTestId('quick-add-went-wrong');
    await quickAdd.fill('Debug flag');
    await quickAdd.press('Enter');
    await expect.poll(() => noteText(bob.page)).toBe('Debug flag');

    // Alice rewrites the note into a sentence that blames a person.
    const blaming = 'Kofi forgot to remove the debug flag.';
    const field = alice.page.getByTestId('note-text').first();
    await field.click();
    await alice.page.keyboard.press('Control+A');
    await field.pressSequentially(blaming);

    const hint = alice.page.getByTestId('blameless-hint');
    await expect.poll(() => hint.getAttribute('data-kind')).toBe('failed-to');
    expect(await hint.textContent()).toContain('“Kofi forgot to”');
    // Applied at once, well within the undo manager's capture window after the typing (500 ms): the
    // suggestion must still be an undo step of its own.
    const reworded = 'Nothing in the process prompted anyone to remove the debug flag.';
    await hint.getByTestId('hint-apply').click();
    await expect.poll(() => noteText(alice.page)).toBe(reworded);
    await expect.poll(() => noteText(bob.page)).toBe(reworded);
    await expect.poll(() => hint.count()).toBe(0);

    // The board's Ctrl+Z (focus outside any field) takes the suggestion back, and only it.
    await alice.page.getByRole('heading', { name: 'Findings' }).first().click();
    await alice.page.keyboard.press('Control+z');
    await expect.poll(() => noteText(alice.page)).toBe(blaming);
    await expect.poll(() => noteText(bob.page)).toBe(blaming);

    // The hint is back with the words; it is the writer's own: Bob, not writing in the note, sees none.
    await field.click();
    await expect.poll(() => hint.count()).toBe(1);
    expect(await bob.page.getByTestId('blameless-hint').count()).toBe(0);
    await alice.page.screenshot({ path: path.join(outputDir, 'hints-finding.png') });

    // The facilitator's review health counts it, open in Findings (information, not a gap).
    const health = alice.page.getByTestId('review-health');
    await health.locator('summary').click();
    const openHints = health.getByTestId('health-hints');
    await expect.poll(() => openHints.locator('[data-section="findings"]').getAttribute('data-count')).toBe('1');
    expect(await openHints.getAttribute('data-total')).toBe('1');
    expect(await health.getByTestId('health-checklist').textContent()).not.toContain('hint');
    await field.click();
    await expect.poll(() => hint.count()).toBe(1);

    // Dismiss: the hint goes for this text, in this browser, and stays gone after a reload.
    await hint.getByTestId('hint-dismiss').click();
    await expect.poll(() => hint.count()).toBe(0);
    expect(await noteText(bob.page)).toBe(blaming);
    // ... and the count goes with it: dismissed hints are not open.
    await expect.poll(() => openHints.getAttribute('data-total')).toBe('0');
    expect(await openHints.textContent()).toBe('No open language hints.');
    await alice.page.reload();
    await openBoard(alice.page, review.links.facilitator, 'live', { name: 'alice', section: 'findings-section' });
    await alice.page.getByTestId('note-text').first().click();
    await field.press('Control+End');
    await field.pressSequentially(' Dave broke prod.');
    await expect.poll(() => alice.page.getByTestId('blameless-hint').count()).toBe(1);
    expect(await alice.page.getByTestId('blameless-hint').getAttribute('data-kind')).toBe('person-as-cause');
  });

  it('underlines blaming words in the narrative, applies the suggestion and undoes it in the editor', async () => {
    const server = await startTestServer();
    const review = await createReview(server.url, 'Prod outage');
    const [alice, bob] = await Promise.all([openPerson('alice'), openPerson('bob')]);
    await openBoard(alice.page, review.links.facilitator, 'live', { name: 'alice', section: 'narrative' });
    await openBoard(bob.page, review.links.edit, 'live', { name: 'bob', section: 'narrative' });

    const sentence = 'At 10:02 Dave broke prod with a config push.';
    await alice.page.getByTestId('narrative-editable-summary').click();
    await alice.page.keyboard.type(sentence);

    const mark = alice.page.getByTestId('hint-mark');
    await expect.poll(() => mark.textContent()).toBe('Dave broke');
    expect(await mark.evaluate((el) => getComputedStyle(el).textDecorationStyle)).toBe('wavy');
    // Applied at once, within the editor's undo capture window after the typing: its own undo step.
    await alice.page.getByTestId('narrative-summary').getByTestId('hint-apply').click();
    const reworded = 'At 10:02 a change broke prod with a config push.';
    await expect.poll(() => summaryText(alice.page)).toBe(reworded);
    await expect.poll(() => summaryText(bob.page)).toBe(reworded);
    await expect.poll(() => mark.count()).toBe(0);

    // Focus is back in the editor: its own Ctrl+Z undoes the suggestion, not the typing.
    await alice.page.keyboard.press('Control+z');
    await expect.poll(() => summaryText(alice.page)).toBe(sentence);
    await expect.poll(() => summaryText(bob.page)).toBe(sentence);

    // The underline is back; Bob's browser finds the same words in the text it received (each
    // browser runs the rules itself, nothing about hints is in the document).
    await expect.poll(() => mark.textContent()).toBe('Dave broke');
    await expect.poll(() => bob.page.getByTestId('hint-mark').textContent()).toBe('Dave broke');
    await alice.page.screenshot({ path: path.join(outputDir, 'hints-narrative.png') });

    // The report shows the words as written, and never a hint.
    await bob.page.goto(review.links.edit.replace('#', '?view=report#'));
    await expect.poll(() => bob.page.getByTestId('report-narrative-summary').textContent()).toContain(sentence);
    const hintsInReport = bob.page.locator(
      '[data-testid="hint-mark"], [data-testid="blameless-hint"], [data-testid="health-hints"], .blameless-hint-mark',
    );
    expect(await hintsInReport.count()).toBe(0);
  });

  it('hints under a timeline event and an action title too', async () => {
    const server = await startTestServer();
    const review = await createReview(server.url, 'Disk full');
    const alice = await openPerson('alice');
    await openBoard(alice.page, review.links.facilitator, 'live', { name: 'alice', section: 'timeline-section' });

    const form = alice.page.getByRole('form', { name: 'Add a timeline event' });
    await form.getByLabel('What happened').fill('Disk alert');
    await form.getByRole('button', { name: 'Add event' }).click();
    const event = alice.page.getByRole('textbox', { name: /^What happened at / });
    await expect.poll(() => event.inputValue()).toBe('Disk alert');
    await event.click();
    await alice.page.keyboard.press('Control+A');
    await event.pressSequentially('The on-call ignored the disk alert.');
    const eventHint = alice.page.getByTestId('timeline-section').getByTestId('blameless-hint');
    await expect.poll(() => eventHint.getAttribute('data-kind')).toBe('judgement');
    await eventHint.getByTestId('hint-apply').click();
    await expect.poll(() => event.inputValue()).toBe('The on-call did not act on the disk alert.');

    const actionForm = alice.page.getByTestId('add-action-form');
    await actionForm.getByLabel('New action item').fill('Rate limits');
    await actionForm.getByRole('button', { name: 'Add action' }).click();
    const title = alice.page.getByTestId('action-title');
    await expect.poll(() => title.inputValue()).toBe('Rate limits');
    await title.click();
    await alice.page.keyboard.press('Control+A');
    await title.pressSequentially('Make sure Priya double-checks rate limits');
    const actionHint = alice.page.getByTestId('action-row').getByTestId('blameless-hint');
    await expect.poll(() => actionHint.getAttribute('data-kind')).toBe('person-as-cause');
    await alice.page.getByTestId('action-row').screenshot({ path: path.join(outputDir, 'hints-action.png') });
    await actionHint.getByTestId('hint-apply').click();
    await expect.poll(() => title.inputValue()).toBe('Add an automated check for rate limits');
  });

  it('hints in the anonymous add-a-note box too, and sends nothing until the note is posted', async () => {
    const server = await startTestServer();
    const review = await createReview(server.url, 'Payments outage');
    const alice = await openPerson('alice');
    // Everything this page sends: request bodies and WebSocket frames, as text.
    const sent: string[] = [];
    alice.page.on('request', (request) => sent.push(request.postData() ?? ''));
    alice.page.on('websocket', (socket) =>
      socket.on('framesent', (frame) => sent.push(Buffer.from(frame.payload).toString('utf8'))),
    );
    await openBoard(alice.page, review.links.facilitator, 'live', { name: 'alice', section: 'findings-section' });
    await callApi(server, review, 'PATCH', '/control', review.tokens.facilitator, { anonymity: 'anonymous' });
    const input = alice.page.getByTestId('quick-add-went-wrong');
    await expect.poll(() => input.getAttribute('placeholder')).toBe('Add an anonymous note…');

    await input.click();
    await input.pressSequentially('Root cause: human error.');
    const hint = alice.page.getByTestId('findings-column-went-wrong').getByTestId('blameless-hint');
    await expect.poll(() => hint.getAttribute('data-kind')).toBe('human-error');
    await hint.getByTestId('hint-apply').click();
    const reworded = 'Root cause: a manual step without a safeguard.';
    await expect.poll(() => input.inputValue()).toBe(reworded);
    // Nothing of the draft, blaming or reworded, has left the browser.
    expect(sent.filter((payload) => payload.includes('human error') || payload.includes('safeguard'))).toEqual([]);

    await input.press('Enter');
    await expect.poll(() => input.inputValue()).toBe('');
    // Posted once, reworded, through the anonymous path.
    expect(sent.filter((payload) => payload.includes('safeguard')).map((payload) => JSON.parse(payload).text)).toEqual([
      reworded,
    ]);
    expect(sent.some((payload) => payload.includes('human error'))).toBe(false);
  });
});
