import {
  CreateWebhookResponse,
  WebhookDeliveriesResponse,
  WebhooksResponse,
  type WebhookEventType,
} from '@hindsight/protocol';
import { NO_CONTENT, request, reviewPath, withToken } from '../../app/api';

/** The facilitator's API calls for the review's webhooks. Each needs the facilitator's link token. */

const webhooksPath = (reviewId: string) => `${reviewPath(reviewId)}/webhooks`;

/** `GET /api/reviews/:id/webhooks`: every webhook with its newest deliveries, never a secret. */
export function fetchWebhooks(reviewId: string, token: string): Promise<WebhooksResponse> {
  return request(webhooksPath(reviewId), withToken(token), WebhooksResponse);
}

/** `POST /api/reviews/:id/webhooks`: the answer holds the signing secret, shown this once. */
export function registerWebhook(
  reviewId: string,
  token: string,
  url: string,
  events: WebhookEventType[],
): Promise<CreateWebhookResponse> {
  return request(
    webhooksPath(reviewId),
    { method: 'POST', ...withToken(token, { url, events }) },
    CreateWebhookResponse,
  );
}

/** `DELETE /api/reviews/:id/webhooks/:hookId`: nothing more is sent to it. */
export function removeWebhook(reviewId: string, token: string, hookId: string): Promise<void> {
  return request(
    `${webhooksPath(reviewId)}/${encodeURIComponent(hookId)}`,
    { method: 'DELETE', ...withToken(token) },
    NO_CONTENT,
  );
}

/** `GET /api/reviews/:id/webhooks/:hookId/deliveries`: its delivery log, newest first. */
export function fetchDeliveries(reviewId: string, token: string, hookId: string): Promise<WebhookDeliveriesResponse> {
  return request(
    `${webhooksPath(reviewId)}/${encodeURIComponent(hookId)}/deliveries`,
    withToken(token),
    WebhookDeliveriesResponse,
  );
}
