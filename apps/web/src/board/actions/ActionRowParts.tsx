import { useState, type ReactNode } from 'react';
import { CATEGORY_LABELS } from '@hindsight/review';
import type { PeerPresence } from '../../collab/presence';
import { ClockIcon, CloseIcon, OverdueIcon, RootCauseIcon, TrashIcon } from '../../ui/icons';
import { pluralDays, type DueState } from './action-view';
import { findingSummary } from './findings-labels';
import type { LinkedFinding, LinkedRootCause } from './use-actions';

// The small pieces of an action row: its due badge, who is editing it, its facts and finding chips
// (read-only view), and the two-click delete button.

/** Deleting takes two clicks: the first arms the button, which disarms itself when focus leaves. */
export function DeleteButton({ title, onConfirm }: { title: string; onConfirm(): void }) {
  const [armed, setArmed] = useState(false);
  const name = title.trim() || 'untitled action';
  return (
    <button
      type="button"
      className={armed ? 'action-button action-button--danger' : 'action-button action-button--icon'}
      aria-label={armed ? `Confirm: delete “${name}”` : `Delete “${name}”`}
      title={armed ? 'Click again to delete' : 'Delete action'}
      onClick={() => (armed ? onConfirm() : setArmed(true))}
      onBlur={() => setArmed(false)}
    >
      <TrashIcon />
      {armed && <span>Delete?</span>}
    </button>
  );
}

export function DueBadge({ state, id }: { state: DueState; id?: string }) {
  switch (state.kind) {
    case 'overdue':
      return (
        <span id={id} className="due-badge due-badge--overdue" data-testid="overdue-badge">
          <OverdueIcon />
          Overdue by {pluralDays(state.days)}
        </span>
      );
    case 'today':
      return (
        <span id={id} className="due-badge due-badge--today">
          <ClockIcon />
          Due today
        </span>
      );
    case 'soon':
      return (
        <span id={id} className="due-badge due-badge--soon">
          <ClockIcon />
          Due in {pluralDays(state.days)}
        </span>
      );
    default:
      return null;
  }
}

export function Editors({ editors }: { editors: readonly PeerPresence[] }) {
  if (editors.length === 0) return null;
  const names = editors.map((peer) => peer.user.name);
  return (
    <span className="action__editors" data-testid="action-editors">
      {editors.map((peer) => (
        <span key={peer.clientId} className="editor-dot" style={{ background: peer.user.color }} aria-hidden="true" />
      ))}
      <span className="action__editors-text">
        {names.length === 1
          ? `${names[0]} is editing`
          : `${names.slice(0, -1).join(', ')} and ${names.at(-1)} are editing`}
      </span>
    </span>
  );
}

export function Fact({ label, testId, children }: { label: string; testId: string; children: ReactNode }) {
  return (
    <div className="action__fact">
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </div>
  );
}

/** A root cause an action links to directly, with an unlink button for editors. */
export function RootCauseChip({ link, onUnlink }: { link: LinkedRootCause; onUnlink?: () => void }) {
  const summary = findingSummary(link.text, 60);
  return (
    <li className="chip chip--root-cause" data-testid="root-cause-chip" title={`Root cause: ${link.text}`}>
      <span className="root-cause-tag">
        <RootCauseIcon />
        Root cause
      </span>
      <span className="chip__text">{summary}</span>
      {onUnlink && (
        <button type="button" className="chip__remove" aria-label={`Unlink root cause “${summary}”`} onClick={onUnlink}>
          <CloseIcon />
        </button>
      )}
    </li>
  );
}

export function FindingChip({ link, onUnlink }: { link: LinkedFinding; onUnlink?: () => void }) {
  const summary = findingSummary(link.text, 60);
  return (
    <li
      className={`chip category--${link.category}`}
      data-testid="finding-chip"
      title={`${CATEGORY_LABELS[link.category]}: ${link.text}`}
    >
      <span className="chip__dot" aria-hidden="true" />
      <span className="visually-hidden">{CATEGORY_LABELS[link.category]}: </span>
      <span className="chip__text">{summary}</span>
      {link.rootCause && (
        <span className="root-cause-tag">
          <RootCauseIcon />
          Root cause
        </span>
      )}
      {onUnlink && (
        <button type="button" className="chip__remove" aria-label={`Unlink “${summary}”`} onClick={onUnlink}>
          <CloseIcon />
        </button>
      )}
    </li>
  );
}
