import { useId, useState } from 'react';
import { LINK_LABEL_MAX_LENGTH, LINK_MAX_LIFETIME_MS, type LinkKind, type ShareLinkInfo } from '@hindsight/protocol';
import type { ShareLinks } from '../../app/access';
import { CopyField } from '../../ui/CopyField';
import { RevokeButton } from '../../ui/RevokeButton';

/** When a link issued now should expire: never, after a few days, or at the end of a chosen day. */
export type ExpiryChoice = 'never' | '1d' | '7d' | '30d' | 'custom';

const EXPIRY_CHOICES: Array<[ExpiryChoice, string]> = [
  ['never', 'Never'],
  ['1d', 'In 1 day'],
  ['7d', 'In 7 days'],
  ['30d', 'In 30 days'],
  ['custom', 'On a date…'],
];

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The expiry (UTC ISO) for a choice made at `now`, or null for never. A custom date (`YYYY-MM-DD`)
 * means "until the end of that day" in this browser's zone. Throws a sentence for an unusable date.
 */
export function expiryFor(choice: ExpiryChoice, customDate: string, now: Date = new Date()): string | null {
  if (choice === 'never') return null;
  if (choice !== 'custom') return new Date(now.getTime() + Number.parseInt(choice, 10) * DAY_MS).toISOString();
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(customDate);
  if (!match) throw new Error('Choose the day the link should stop working.');
  const endOfDay = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 23, 59, 59, 999);
  if (endOfDay.getTime() <= now.getTime()) throw new Error('Choose a day that has not ended yet.');
  // The server allows a year ahead of its own clock; a whole day's margin keeps within it.
  if (endOfDay.getTime() > now.getTime() + LINK_MAX_LIFETIME_MS - DAY_MS) {
    throw new Error('A link can expire at most a year from now.');
  }
  return endOfDay.toISOString();
}

/** `YYYY-MM-DD` of a date in this browser's zone (for the date input's bounds). */
function localDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Whether a listed link still works, and if not, why. */
export function linkStatus(link: ShareLinkInfo): 'active' | 'revoked' | 'expired' {
  if (link.revokedAt) return 'revoked';
  return link.active ? 'active' : 'expired';
}

/** What a link of each kind is called ("a co-facilitator link"); the review's first facilitator link is just "Facilitator". */
const KIND_NAME: Record<LinkKind, string> = {
  facilitator: 'co-facilitator',
  edit: 'edit',
  'follow-up': 'follow-up',
  view: 'view',
  personal: 'personal',
};
const KIND_LABEL: Record<LinkKind, string> = {
  facilitator: 'Co-facilitator',
  edit: 'Edit',
  'follow-up': 'Follow-up',
  view: 'View',
  personal: 'Personal',
};

/** A listed link's kind as shown: the oldest facilitator link is the review's own, later ones co-facilitators'. */
function kindTitle(link: ShareLinkInfo, firstFacilitatorId: string | undefined): string {
  return link.kind === 'facilitator' && link.id === firstFacilitatorId ? 'Facilitator' : KIND_LABEL[link.kind];
}
const STATUS_LABEL = { active: 'Active', revoked: 'Revoked', expired: 'Expired' } as const;
const when = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

interface SharePanelProps {
  /** The invite links this browser knows (it cannot show others: the server keeps only hashes). */
  links: ShareLinks;
  /** The public ids of those known links, where known, to tell whether each still works. */
  knownIds: Partial<Record<LinkKind, string>>;
  /** Every link of the review from the server; null until loaded (or when it could not be). */
  issued: ShareLinkInfo[] | null;
  /**
   * Issues a new link of `kind` (facilitator: a co-facilitator's) with a label (null: none) that
   * expires at `expiresAt` (null: never); resolves whether it was issued.
   */
  onCreate: (kind: LinkKind, label: string | null, expiresAt: string | null) => Promise<boolean>;
  /** Revokes a link: it stops working at once, for everyone using it. */
  onRevoke: (linkId: string) => void;
  error: string | null;
}

/**
 * The facilitator's invite links: one for participants (edit), a personal one per person (an edit
 * link only one participant can join through, the last one issued here shown), one to read along
 * (view) and one for a co-facilitator, an optional label and expiry for new ones, and every link issued so far with its
 * label, status and a Revoke button.
 */
export function SharePanel({ links, knownIds, issued, onCreate, onRevoke, error }: SharePanelProps) {
  const expiryId = useId();
  const labelId = useId();
  const [expiry, setExpiry] = useState<ExpiryChoice>('never');
  const [customDate, setCustomDate] = useState('');
  const [label, setLabel] = useState('');
  const [expiryError, setExpiryError] = useState<string | null>(null);

  const create = async (kind: LinkKind) => {
    let expiresAt: string | null;
    try {
      expiresAt = expiryFor(expiry, customDate);
      setExpiryError(null);
    } catch (err) {
      setExpiryError(err instanceof Error ? err.message : String(err));
      return;
    }
    // The label names one link: cleared once that link exists, so the next is not named alike by accident.
    if (await onCreate(kind, label.trim() || null, expiresAt)) setLabel('');
  };

  const field = (kind: LinkKind, label: string, description: string) => {
    const link = links[kind];
    // A known link that the server lists as revoked or expired is not offered for copying.
    const known = issued?.find((l) => l.id === knownIds[kind]);
    const usable = link && (!known || known.active);
    const name = KIND_NAME[kind];
    const createLabel = usable ? `New ${name} link` : `Create ${kind === 'edit' ? 'an' : 'a'} ${name} link`;
    const createButton = (
      <button
        type="button"
        className={`button button--secondary${usable ? ' button--small' : ''}`}
        data-testid={`share-create-${kind}`}
        onClick={() => void create(kind)}
      >
        {createLabel}
      </button>
    );
    if (usable) {
      return (
        <div className="copy-field">
          <CopyField label={label} description={description} value={link} testId={`share-${kind}-link`} />
          <div>{createButton}</div>
        </div>
      );
    }
    return (
      <div className="copy-field">
        <p className="field-label">
          {label} <span className="muted">· {description}</span>
        </p>
        {link && known && (
          <p className="hint" data-testid={`share-${kind}-ended`}>
            The {name} link this browser kept was {linkStatus(known)}; create a new one to invite people.
          </p>
        )}
        <div>{createButton}</div>
      </div>
    );
  };

  const today = new Date();
  return (
    <section className="card share" aria-labelledby="share-heading" data-testid="share-panel">
      <h2 id="share-heading">Invite people</h2>
      <p className="hint">Anyone with a link gets its access, so share each one only with the people who need it.</p>
      <div className="copy-field">
        <label htmlFor={expiryId} className="field-label">
          New links expire
        </label>
        <div className="copy-field__row">
          <select
            id={expiryId}
            value={expiry}
            data-testid="share-expiry"
            onChange={(event) => setExpiry(event.currentTarget.value as ExpiryChoice)}
          >
            {EXPIRY_CHOICES.map(([value, text]) => (
              <option key={value} value={value}>
                {text}
              </option>
            ))}
          </select>
          {expiry === 'custom' && (
            <input
              type="date"
              aria-label="Last day the link works"
              data-testid="share-expiry-date"
              value={customDate}
              min={localDay(today)}
              max={localDay(new Date(today.getTime() + LINK_MAX_LIFETIME_MS - DAY_MS))}
              onChange={(event) => setCustomDate(event.currentTarget.value)}
            />
          )}
        </div>
        {expiryError && (
          <p className="form-error" role="alert">
            {expiryError}
          </p>
        )}
      </div>
      <div className="copy-field">
        <label htmlFor={labelId} className="field-label">
          Label for the next link <span className="muted">· optional, shown only in this list</span>
        </label>
        <input
          id={labelId}
          value={label}
          maxLength={LINK_LABEL_MAX_LENGTH}
          placeholder="e.g. Sam’s team"
          data-testid="share-label"
          onChange={(event) => setLabel(event.currentTarget.value)}
        />
      </div>
      {field('edit', 'Edit link', 'for participants')}
      {field('personal', 'Personal link', 'for one person: one join, one vote budget (label it with their name)')}
      {field('view', 'View link', 'read-only, for everyone else')}
      {field(
        'follow-up',
        'Follow-up link',
        'keeps the fixes current, also after closing: action items’ status, owner, due date and progress only',
      )}
      {field('facilitator', 'Co-facilitator link', 'runs the review with you: phases, votes, links')}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <IssuedLinks issued={issued} knownIds={knownIds} onRevoke={onRevoke} />
    </section>
  );
}

interface IssuedLinksProps {
  issued: ShareLinkInfo[] | null;
  knownIds: Partial<Record<LinkKind, string>>;
  onRevoke: (linkId: string) => void;
}

/**
 * Every link of the review, newest first, with its label and status. Active links can be revoked,
 * a facilitator link only while another one is active (the server refuses the last one too).
 */
function IssuedLinks({ issued, knownIds, onRevoke }: IssuedLinksProps) {
  if (!issued) return null;
  const newestFirst = [...issued].reverse();
  const firstFacilitatorId = issued.find((link) => link.kind === 'facilitator')?.id;
  const activeFacilitators = issued.filter((link) => link.kind === 'facilitator' && link.active).length;
  return (
    <div className="copy-field">
      <h3 className="field-label">All links of this review</h3>
      <ul
        data-testid="share-links"
        style={{ listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: '0.5rem' }}
      >
        {newestFirst.map((link) => {
          const status = linkStatus(link);
          const shownAbove = knownIds[link.kind] === link.id;
          const revocable = status === 'active' && (link.kind !== 'facilitator' || activeFacilitators > 1);
          const kind = kindTitle(link, firstFacilitatorId);
          const title = link.label ? `${kind} · ${link.label}` : kind;
          return (
            <li
              key={link.id}
              data-testid="share-link-row"
              data-link-id={link.id}
              data-kind={link.kind}
              data-status={status}
              style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: '0.25rem 0.6rem' }}
            >
              <span style={{ flex: '1 1 12rem', overflowWrap: 'anywhere' }}>
                <span data-testid="share-link-title">
                  <strong>{kind}</strong>
                  {link.label && ` · ${link.label}`}
                </span>
                {shownAbove && <span className="muted"> (shown above)</span>}
                {' · '}
                <span className={status === 'active' ? 'badge' : 'badge muted'} data-testid="share-link-status">
                  {STATUS_LABEL[status]}
                </span>
                <br />
                <span className="hint">
                  Created {when(link.createdAt)}
                  {status === 'revoked' && link.revokedAt
                    ? ` · revoked ${when(link.revokedAt)}`
                    : link.expiresAt
                      ? ` · ${status === 'expired' ? 'expired' : 'expires'} ${when(link.expiresAt)}`
                      : ' · never expires'}
                </span>
              </span>
              {revocable && (
                <RevokeButton
                  what={`the link ${title}`}
                  onRevoke={() => onRevoke(link.id)}
                  testId="share-revoke"
                  confirmTestId="share-revoke-confirm"
                />
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
