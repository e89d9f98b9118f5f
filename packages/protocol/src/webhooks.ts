import { z } from 'zod';

/** The events a webhook can subscribe to. */
export const WEBHOOK_EVENTS = ['review.closed', 'action.changed', 'action.overdue'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];

/** Webhooks one review, or one team space, may have. */
export const MAX_WEBHOOKS_PER_SCOPE = 10;
/** Deliveries `GET …/webhooks/:hookId/deliveries` returns, newest first. */
export const WEBHOOK_DELIVERY_LOG_LENGTH = 50;
/** Recent deliveries listed with each webhook in `GET …/webhooks`. */
export const WEBHOOK_RECENT_DELIVERIES = 5;

/** Body of `POST /api/reviews/:id/webhooks` and `POST /api/spaces/:id/webhooks`. The URL's policy (https, public addresses) is the server's. */
export const CreateWebhookBody = z
  .object({
    url: z.string().trim().min(1, 'url must not be empty').max(2000),
    events: z
      .array(z.enum(WEBHOOK_EVENTS))
      .min(1, 'events must name at least one event')
      .max(WEBHOOK_EVENTS.length)
      .transform((events) => [...new Set(events)])
      .optional(),
  })
  .strict();
export type CreateWebhookBody = z.infer<typeof CreateWebhookBody>;

/** One delivery in a webhook's log. */
export const WebhookDelivery = z.object({
  id: z.string(),
  event: z.enum(WEBHOOK_EVENTS),
  createdAt: z.string(),
  state: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number().int().nonnegative(),
  lastStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
});
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;

/** A registered webhook as listed: never its secret. */
export const WebhookInfo = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(z.enum(WEBHOOK_EVENTS)),
  createdAt: z.string(),
});
export type WebhookInfo = z.infer<typeof WebhookInfo>;

/** Response of `POST /api/reviews/:id/webhooks` (201): the only time the secret is shown. */
export const CreateWebhookResponse = WebhookInfo.extend({ secret: z.string() });
export type CreateWebhookResponse = z.infer<typeof CreateWebhookResponse>;

/** Response of `GET /api/reviews/:id/webhooks`. */
export const WebhooksResponse = z.object({
  webhooks: z.array(WebhookInfo.extend({ deliveries: z.array(WebhookDelivery) })),
});
export type WebhooksResponse = z.infer<typeof WebhooksResponse>;

/** Response of `GET /api/reviews/:id/webhooks/:hookId/deliveries`. */
export const WebhookDeliveriesResponse = z.object({ deliveries: z.array(WebhookDelivery) });
export type WebhookDeliveriesResponse = z.infer<typeof WebhookDeliveriesResponse>;
