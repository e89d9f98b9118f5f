import { useCallback, useEffect, useId, useState } from 'react';
import {
  WEBHOOK_EVENTS,
  type CreateWebhookResponse,
  type WebhookDelivery,
  type WebhookEventType,
  type WebhooksResponse,
} from '@hindsight/protocol';
import { ApiError } from '../../app/api';
import { CopyField } from '../../ui/CopyField';
import { fetchDeliveries, fetchWebhooks, registerWebhook, removeWebhook } from './webhooks-api';

const EVENT_LABEL: Record<WebhookEventType, string> = {
  'review.closed': 'Review closed',
  'action.changed': 'Action item changed',
  'action.overdue': 'Action item overdue',
};

const STATE_LABEL: Record<WebhookDelivery['state'], string> = {
  pending: 'Pending',
  delivered: 'Delivered',
  failed: 'Failed',
};

type Hook = WebhooksResponse['webhooks'][number];

const when = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/**
 * The facilitator's webhooks (Integrations): add a URL with the events it receives (its signing
 * secret shown once, right after), each webhook's latest deliveries and its full log on demand, and
 * Remove. Reloaded each time the Share popover opens (`openCount`).
 */
export function WebhooksPanel({ reviewId, token, openCount }: { reviewId: string; token: string; openCount: number }) {
  const urlId = useId();
  const [hooks, setHooks] = useState<Hook[] | null>(null);
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<WebhookEventType[]>([...WEBHOOK_EVENTS]);
  const [created, setCreated] = useState<CreateWebhookResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const explain = (err: unknown) => setError(err instanceof ApiError ? err.message : String(err));

  const refresh = useCallback(
    () => fetchWebhooks(reviewId, token).then((answer) => setHooks(answer.webhooks), explain),
    [reviewId, token],
  );
  useEffect(() => {
    if (openCount === 0) return;
    // The secret is shown once: gone when the popover is opened again.
    setCreated(null);
    void refresh();
  }, [openCount, refresh]);

  const add = async () => {
    setError(null);
    try {
      setCreated(await registerWebhook(reviewId, token, url.trim(), events));
      setUrl('');
      await refresh();
    } catch (err) {
      explain(err);
    }
  };

  const remove = async (hookId: string) => {
    setError(null);
    try {
      await removeWebhook(reviewId, token, hookId);
      if (created?.id === hookId) setCreated(null);
      await refresh();
    } catch (err) {
      explain(err);
    }
  };

  const toggle = (event: WebhookEventType, on: boolean) =>
    setEvents((current) =>
      on ? WEBHOOK_EVENTS.filter((e) => e === event || current.includes(e)) : current.filter((e) => e !== event),
    );

  return (
    <section className="card share" aria-labelledby={`${urlId}-heading`} data-testid="webhooks-panel">
      <h2 id={`${urlId}-heading`}>Integrations: webhooks</h2>
      <p className="hint">
        Hindsight POSTs a signed JSON event to each URL when the review closes, an action item changes or falls overdue
        (the README says how to check the signature).
      </p>
      <div className="copy-field">
        <label htmlFor={urlId} className="field-label">
          Webhook URL <span className="muted">· https</span>
        </label>
        <input
          id={urlId}
          type="url"
          value={url}
          placeholder="https://example.com/hooks/hindsight"
          data-testid="webhook-url"
          onChange={(event) => setUrl(event.currentTarget.value)}
        />
        <fieldset className="webhook-events">
          <legend className="field-label">Events</legend>
          {WEBHOOK_EVENTS.map((event) => (
            <label key={event}>
              <input
                type="checkbox"
                checked={events.includes(event)}
                data-testid={`webhook-event-${event}`}
                onChange={(change) => toggle(event, change.currentTarget.checked)}
              />{' '}
              {EVENT_LABEL[event]}
            </label>
          ))}
        </fieldset>
        <div>
          <button
            type="button"
            className="button button--secondary"
            data-testid="webhook-add"
            disabled={url.trim() === '' || events.length === 0}
            onClick={() => void add()}
          >
            Add webhook
          </button>
        </div>
      </div>
      {created && (
        <div data-testid="webhook-secret">
          <CopyField
            label="Signing secret"
            description="shown only now: copy it into your receiver"
            value={created.secret}
            testId="webhook-secret-value"
          />
        </div>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {hooks && hooks.length > 0 && (
        <ul className="webhook-list" data-testid="webhook-list">
          {hooks.map((hook) => (
            <WebhookRow
              key={hook.id}
              reviewId={reviewId}
              token={token}
              hook={hook}
              onRemove={() => void remove(hook.id)}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

interface WebhookRowProps {
  reviewId: string;
  token: string;
  hook: Hook;
  onRemove: () => void;
}

/** One webhook: its URL and events, its latest deliveries (or the whole log once asked for), and Remove. */
function WebhookRow({ reviewId, token, hook, onRemove }: WebhookRowProps) {
  const [log, setLog] = useState<WebhookDelivery[] | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const shown = log ?? hook.deliveries;
  const loadLog = () =>
    fetchDeliveries(reviewId, token, hook.id).then(
      (answer) => setLog(answer.deliveries),
      (err: unknown) => setError(err instanceof ApiError ? err.message : String(err)),
    );
  return (
    <li className="webhook" data-testid="webhook-row" data-hook-id={hook.id}>
      <div className="webhook__head">
        <span className="webhook__url" data-testid="webhook-row-url">
          {hook.url}
        </span>
        {!confirming ? (
          <button type="button" className="button button--secondary button--small" onClick={() => setConfirming(true)}>
            Remove<span className="visually-hidden"> the webhook {hook.url}</span>
          </button>
        ) : (
          <span role="group" aria-label="Confirm removing" className="webhook__confirm">
            <button
              type="button"
              className="button button--small"
              data-testid="webhook-remove-confirm"
              onClick={onRemove}
            >
              Remove
            </button>
            <button
              type="button"
              className="button button--secondary button--small"
              onClick={() => setConfirming(false)}
            >
              Cancel
            </button>
          </span>
        )}
      </div>
      <p className="hint">{hook.events.map((event) => EVENT_LABEL[event]).join(' · ')}</p>
      {shown.length === 0 ? (
        <p className="hint">No deliveries yet.</p>
      ) : (
        <ul className="webhook__deliveries" data-testid="webhook-deliveries">
          {shown.map((delivery) => (
            <li
              key={delivery.id}
              data-testid="webhook-delivery"
              data-state={delivery.state}
              data-event={delivery.event}
            >
              <span className={`badge webhook-state--${delivery.state}`}>{STATE_LABEL[delivery.state]}</span>{' '}
              {EVENT_LABEL[delivery.event]} <span className="hint">· {deliveryDetail(delivery)}</span>
            </li>
          ))}
        </ul>
      )}
      <div>
        <button
          type="button"
          className="button button--secondary button--small"
          data-testid="webhook-log"
          onClick={() => void loadLog()}
        >
          {log ? 'Refresh delivery log' : 'Show delivery log'}
        </button>
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}

/** "2 attempts · HTTP 500 · next 12:31" and the like. */
function deliveryDetail(delivery: WebhookDelivery): string {
  const parts = [`${delivery.attempts} attempt${delivery.attempts === 1 ? '' : 's'}`];
  if (delivery.lastError) parts.push(delivery.lastError);
  else if (delivery.lastStatus !== null) parts.push(`HTTP ${delivery.lastStatus}`);
  if (delivery.deliveredAt) parts.push(`delivered ${when(delivery.deliveredAt)}`);
  else if (delivery.nextAttemptAt) parts.push(`next ${when(delivery.nextAttemptAt)}`);
  else parts.push(`created ${when(delivery.createdAt)}`);
  return parts.join(' · ');
}
