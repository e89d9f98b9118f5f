/**
 * Webhooks in the browser: the facilitator adds one from the Share popover (Integrations), sees its
 * signing secret once, and after closing the review sees the delivery in the log (first failed and
 * pending, then delivered once the receiver answers), and removes it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openBoard, useBrowserPeople } from '../support/browser';
import { callApi, createReview } from '../support/server';
import { startReceiver, verifySignature, type WebhookReceiver } from '../support/webhook-receiver';

const { openPerson, startTestServer } = useBrowserPeople('webhooks');

let receiver: WebhookReceiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

describe('webhooks in the Share popover', () => {
  it('adds a webhook, shows its secret once and its delivery log, and removes it', async () => {
    receiver = await startReceiver();
    receiver.answerNext(503);
    const server = await startTestServer({
      HINDSIGHT_WEBHOOK_ALLOW_LOCAL: 'true',
      HINDSIGHT_WEBHOOK_SETTLE_MS: '300',
      // Long enough to see the failed attempt waiting in the log, short enough to see it delivered.
      HINDSIGHT_WEBHOOK_RETRY_BASE_MS: '4000',
    });
    const review = await createReview(server.url, 'Webhook board');
    const priya = await openPerson('Priya');
    await openBoard(priya.page, review.links.facilitator, 'live');
    const page = priya.page;
    await page.getByTestId('share-button').click();
    const panel = page.getByTestId('webhooks-panel');
    await panel.getByTestId('webhook-url').fill(receiver.url);
    await panel.getByTestId('webhook-event-action.changed').uncheck();
    await panel.getByTestId('webhook-add').click();
    const secret = await panel.getByTestId('webhook-secret-value').inputValue();
    expect(secret).toMatch(/^whsec_/);
    await expect.poll(() => panel.getByTestId('webhook-row-url').textContent()).toBe(receiver.url);

    await callApi(server, review, 'POST', '/close', review.tokens.facilitator, { closedBy: 'Priya' });
    await expect.poll(() => receiver!.received.length).toBe(1);
    const row = panel.getByTestId('webhook-row');
    await row.getByTestId('webhook-log').click();
    const delivery = row.getByTestId('webhook-delivery');
    await expect.poll(() => delivery.getAttribute('data-state')).toBe('pending');
    expect(await delivery.textContent()).toContain('HTTP 503');

    await expect.poll(() => receiver!.received.length, { timeout: 30_000 }).toBe(2);
    await expect
      .poll(async () => {
        await row.getByTestId('webhook-log').click();
        return delivery.getAttribute('data-state');
      })
      .toBe('delivered');
    expect(await delivery.textContent()).toContain('2 attempts');
    expect(verifySignature(secret, receiver.received[1]!)).toBe(true);

    // Reopened, the popover no longer shows the secret, and Remove takes the webhook away.
    await page.keyboard.press('Escape');
    await page.getByTestId('share-button').click();
    await expect.poll(() => panel.getByTestId('webhook-secret').count()).toBe(0);
    await row.getByRole('button', { name: /Remove/ }).click();
    await row.getByTestId('webhook-remove-confirm').click();
    await expect.poll(() => panel.getByTestId('webhook-row').count()).toBe(0);
    expect((await callApi(server, review, 'GET', '/webhooks', review.tokens.facilitator)).webhooks).toEqual([]);
  });
});
