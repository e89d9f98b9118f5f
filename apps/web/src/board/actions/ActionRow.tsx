import {
  memo,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
  type CSSProperties,
  type FocusEvent,
  type LiHTMLAttributes,
  type ReactNode,
} from 'react';
import type * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';
import {
  ACTION_PRIORITIES,
  ACTION_STATUS_LABELS,
  ACTION_STATUSES,
  ACTION_TYPE_LABELS,
  ACTION_TYPES,
  CATEGORY_LABELS,
  removeAction,
  REVIEW_LIMITS,
  ReviewInputError,
  unlinkActionFromFinding,
  updateAction,
  type ActionItem,
  type ActionPatch,
} from '@hindsight/review';
import { setEditing, type PeerPresence } from '../../collab/presence';
import { dueState, formatDueDate, pluralDays, PRIORITY_LABELS, TYPE_HELP, type DueState } from './action-view';
import { ActionTitleInput } from './ActionTitleInput';
import { findingSummary } from './findings-labels';
import { FindingPicker } from './FindingPicker';
import { CheckIcon, ClockIcon, CloseIcon, LinkIcon, OverdueIcon, RootCauseIcon, TrashIcon } from '../../ui/icons';
import { ACTION_TARGET_PREFIX, type LinkedFinding } from './use-actions';

export interface ActionRowProps {
  doc: Y.Doc;
  awareness: Awareness | null;
  action: ActionItem;
  links: readonly LinkedFinding[];
  editors: readonly PeerPresence[];
  canEdit: boolean;
  today: string;
  /** Id of the <datalist> of known owners, for the owner field's suggestions. */
  ownersListId: string;
}

/** One action item: editable fields for editors, plain text for viewers. */
export const ActionRow = memo(function ActionRow(props: ActionRowProps) {
  const { action, links, editors, canEdit, today } = props;
  const due = dueState(action, today);
  const overdue = due.kind === 'overdue';
  const titleId = useId();
  const className = [
    'action',
    overdue && 'action--overdue',
    (action.status === 'done' || action.status === 'wont-do') && 'action--finished',
    editors.length > 0 && 'action--edited',
  ]
    .filter(Boolean)
    .join(' ');
  const rowProps = {
    className,
    'data-testid': 'action-row',
    'data-action-id': action.id,
    'data-status': action.status,
    'data-overdue': overdue ? 'true' : 'false',
    'aria-labelledby': titleId,
    style: editors.length > 0 ? ({ '--editor-color': editors[0]!.user.color } as CSSProperties) : undefined,
  };
  if (!canEdit) {
    return (
      <li {...rowProps}>
        <div className="action__head">
          <p className="action__title" id={titleId} data-testid="action-title">
            {action.title.trim() || <span className="muted">Untitled action</span>}
          </p>
          <DueBadge state={due} />
          <Editors editors={editors} />
        </div>
        <dl className="action__facts">
          <Fact label="Owner" testId="action-owner">
            {action.owner.trim() || <span className="muted">No owner</span>}
          </Fact>
          <Fact label="Due" testId="action-due">
            {action.due ? formatDueDate(action.due) : <span className="muted">No date</span>}
          </Fact>
          <Fact label="Status" testId="action-status">
            <span className={`pill status-pill status-pill--${action.status}`}>
              {action.status === 'done' && <CheckIcon />}
              {ACTION_STATUS_LABELS[action.status]}
            </span>
          </Fact>
          <Fact label="Priority" testId="action-priority">
            <span className={`pill priority-pill priority-pill--${action.priority}`}>
              {PRIORITY_LABELS[action.priority]}
            </span>
          </Fact>
          <Fact label="Type" testId="action-type">
            <span className="pill type-pill" title={TYPE_HELP[action.type]}>
              {ACTION_TYPE_LABELS[action.type]}
            </span>
            <span className="visually-hidden">: {TYPE_HELP[action.type]}</span>
          </Fact>
        </dl>
        {links.length > 0 && (
          <div className="action__links">
            <span className="action__links-label">Addresses</span>
            <ul className="chips" aria-label="Linked findings">
              {links.map((link) => (
                <FindingChip key={link.id} link={link} />
              ))}
            </ul>
          </div>
        )}
      </li>
    );
  }
  return <EditableRow {...props} rowProps={rowProps} titleId={titleId} due={due} />;
});

function EditableRow({
  doc,
  awareness,
  action,
  links,
  editors,
  ownersListId,
  rowProps,
  titleId,
  due,
}: ActionRowProps & { rowProps: LiHTMLAttributes<HTMLLIElement>; titleId: string; due: DueState }) {
  const [pickerOpen, setPickerOpen] = useState(false);
  const linkButtonRef = useRef<HTMLButtonElement>(null);
  const pickerWrapRef = useRef<HTMLDivElement>(null);
  const ids = {
    owner: useId(),
    due: useId(),
    status: useId(),
    priority: useId(),
    type: useId(),
    typeHelp: useId(),
    dueHint: useId(),
  };
  const linkedIds = useMemo(() => new Set(action.findingIds), [action.findingIds]);
  const target = ACTION_TARGET_PREFIX + action.id;

  const update = (patch: ActionPatch) => {
    try {
      updateAction(doc, action.id, patch);
    } catch (error) {
      // Removed by someone else a moment ago; the row disappears on the next read.
      if (!(error instanceof ReviewInputError)) throw error;
    }
  };

  const onFocus = () => setEditing(awareness, target);
  const onBlur = (event: FocusEvent<HTMLLIElement>) => {
    if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setEditing(awareness, null);
  };
  // A row removed while focused never sees its blur.
  useEffect(
    () => () => {
      if ((awareness?.getLocalState() as { editing?: unknown } | null)?.editing === target) setEditing(awareness, null);
    },
    [awareness, target],
  );

  // Clicking anywhere outside the picker closes it.
  useEffect(() => {
    if (!pickerOpen) return;
    const onPointerDown = (event: PointerEvent) => {
      if (!pickerWrapRef.current?.contains(event.target as Node)) setPickerOpen(false);
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [pickerOpen]);

  const closePicker = (restoreFocus: boolean) => {
    setPickerOpen(false);
    if (restoreFocus) linkButtonRef.current?.focus();
  };

  return (
    <li {...rowProps} onFocus={onFocus} onBlur={onBlur}>
      <div className="action__head">
        <ActionTitleInput
          doc={doc}
          actionId={action.id}
          title={action.title}
          id={titleId}
          aria-describedby={due.kind === 'overdue' || due.kind === 'today' ? ids.dueHint : undefined}
        />
        <DueBadge state={due} id={ids.dueHint} />
        <Editors editors={editors} />
        <DeleteButton
          title={action.title}
          onConfirm={() => {
            try {
              removeAction(doc, action.id);
            } catch (error) {
              if (!(error instanceof ReviewInputError)) throw error;
            }
          }}
        />
      </div>
      <div className="action__fields">
        <div className="action__field action__field--owner">
          <label htmlFor={ids.owner}>Owner</label>
          <OwnerInput
            id={ids.owner}
            owner={action.owner}
            listId={ownersListId}
            onCommit={(owner) => update({ owner })}
          />
        </div>
        <div className="action__field action__field--due">
          <label htmlFor={ids.due}>Due</label>
          <input
            id={ids.due}
            type="date"
            data-testid="action-due"
            value={action.due}
            onChange={(event) => update({ due: event.currentTarget.value })}
          />
        </div>
        <div className="action__field">
          <label htmlFor={ids.status}>Status</label>
          <select
            id={ids.status}
            data-testid="action-status"
            className={`status-select status-select--${action.status}`}
            value={action.status}
            onChange={(event) => update({ status: event.currentTarget.value as ActionItem['status'] })}
          >
            {ACTION_STATUSES.map((status) => (
              <option key={status} value={status}>
                {ACTION_STATUS_LABELS[status]}
              </option>
            ))}
          </select>
        </div>
        <div className="action__field">
          <label htmlFor={ids.priority}>Priority</label>
          <select
            id={ids.priority}
            data-testid="action-priority"
            className={`priority-select priority-select--${action.priority}`}
            value={action.priority}
            onChange={(event) => update({ priority: event.currentTarget.value as ActionItem['priority'] })}
          >
            {ACTION_PRIORITIES.map((priority) => (
              <option key={priority} value={priority}>
                {PRIORITY_LABELS[priority]}
              </option>
            ))}
          </select>
        </div>
        <div className="action__field">
          <label htmlFor={ids.type}>Type</label>
          <select
            id={ids.type}
            data-testid="action-type"
            value={action.type}
            title={TYPE_HELP[action.type]}
            aria-describedby={ids.typeHelp}
            onChange={(event) => update({ type: event.currentTarget.value as ActionItem['type'] })}
          >
            {ACTION_TYPES.map((type) => (
              <option key={type} value={type}>
                {ACTION_TYPE_LABELS[type]}
              </option>
            ))}
          </select>
          <span id={ids.typeHelp} className="visually-hidden">
            {TYPE_HELP[action.type]}
          </span>
        </div>
      </div>
      <div className="action__links">
        <span className="action__links-label">Addresses</span>
        {links.length > 0 && (
          <ul className="chips" aria-label="Linked findings">
            {links.map((link) => (
              <FindingChip
                key={link.id}
                link={link}
                onUnlink={() => {
                  try {
                    unlinkActionFromFinding(doc, action.id, link.id);
                  } catch (error) {
                    if (!(error instanceof ReviewInputError)) throw error;
                  }
                }}
              />
            ))}
          </ul>
        )}
        <div
          className="picker-anchor"
          ref={pickerWrapRef}
          onBlur={(event) => {
            // Tabbing out of the popover closes it; null means the window lost focus: keep it open.
            const next = event.relatedTarget as Node | null;
            if (pickerOpen && next && !event.currentTarget.contains(next)) setPickerOpen(false);
          }}
        >
          <button
            ref={linkButtonRef}
            type="button"
            className="action-button action-button--quiet"
            aria-expanded={pickerOpen}
            aria-haspopup="dialog"
            onClick={() => setPickerOpen((open) => !open)}
          >
            <LinkIcon />
            {links.length > 0 ? 'Change links' : 'Link findings'}
          </button>
          {pickerOpen && (
            <FindingPicker
              doc={doc}
              actionId={action.id}
              actionTitle={action.title}
              linkedIds={linkedIds}
              onClose={closePicker}
            />
          )}
        </div>
      </div>
    </li>
  );
}

/** The owner: a local draft while typing, written on blur or Enter (last writer wins for a name). */
function OwnerInput({
  id,
  owner,
  listId,
  onCommit,
}: {
  id: string;
  owner: string;
  listId: string;
  onCommit(owner: string): void;
}) {
  const [draft, setDraft] = useState<string | null>(null);
  const commit = () => {
    if (draft !== null && draft.trim() !== owner) onCommit(draft.trim());
    setDraft(null);
  };
  return (
    <input
      id={id}
      data-testid="action-owner"
      value={draft ?? owner}
      list={listId}
      maxLength={REVIEW_LIMITS.labelMaxLength}
      autoComplete="off"
      placeholder="Who"
      onChange={(event) => setDraft(event.currentTarget.value)}
      onBlur={commit}
      onKeyDown={(event) => {
        if (event.key === 'Enter') commit();
        if (event.key === 'Escape' && draft !== null) {
          event.stopPropagation();
          setDraft(null);
        }
      }}
    />
  );
}

/** Deleting takes two clicks: the first arms the button, which disarms itself when focus leaves. */
function DeleteButton({ title, onConfirm }: { title: string; onConfirm(): void }) {
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

function DueBadge({ state, id }: { state: DueState; id?: string }) {
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

function Editors({ editors }: { editors: readonly PeerPresence[] }) {
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

function Fact({ label, testId, children }: { label: string; testId: string; children: ReactNode }) {
  return (
    <div className="action__fact">
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </div>
  );
}

function FindingChip({ link, onUnlink }: { link: LinkedFinding; onUnlink?: () => void }) {
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
