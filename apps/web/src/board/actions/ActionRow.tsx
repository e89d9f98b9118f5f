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
  removeAction,
  ReviewInputError,
  unlinkActionFromFinding,
  unlinkActionFromRootCause,
  updateAction,
  WEAKNESS_LABELS,
  type ActionItem,
  type ActionPatch,
} from '@hindsight/review';
import { setEditing, type PeerPresence } from '../../collab/presence';
import { EnumSelect } from '../../ui/EnumSelect';
import { CheckIcon, LinkIcon } from '../../ui/icons';
import { dueState, formatDueDate, PRIORITY_LABELS, TYPE_HELP, unlessRemoved, type DueState } from './action-view';
import { DeleteButton, DueBadge, Editors, Fact, FindingChip, RootCauseChip } from './ActionRowParts';
import { WeaknessSelect } from '../WeaknessSelect';
import { ActionTitleInput } from './ActionTitleInput';
import { FindingPicker } from './FindingPicker';
import { OwnerInput, ProgressInput } from './OwnerInput';
import { ACTION_TARGET_PREFIX, type LinkedFinding, type LinkedRootCause } from './use-actions';
import './action-row.css';

export interface ActionRowProps {
  doc: Y.Doc;
  awareness: Awareness | null;
  action: ActionItem;
  links: readonly LinkedFinding[];
  /** Root causes it links to directly. */
  rootCauseLinks: readonly LinkedRootCause[];
  editors: readonly PeerPresence[];
  canEdit: boolean;
  /** Only status, owner, due date and progress are editable (see SectionProps.canFollowUp). */
  canFollowUp: boolean;
  today: string;
  /** Id of the <datalist> of known owners, for the owner field's suggestions. */
  ownersListId: string;
}

/** One action item: editable fields for editors, plain text for viewers, the follow-through fields for follow-up. */
export const ActionRow = memo(function ActionRow(props: ActionRowProps) {
  const { action, links, rootCauseLinks, editors, canEdit, canFollowUp, today } = props;
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
          {!canFollowUp && (
            <>
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
              {action.progress.trim() && (
                <Fact label="Progress" testId="action-progress">
                  {action.progress}
                </Fact>
              )}
            </>
          )}
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
          {action.weakness && (
            <Fact label="Weakness" testId="action-weakness">
              <span className="pill weakness-pill">{WEAKNESS_LABELS[action.weakness]}</span>
            </Fact>
          )}
        </dl>
        {canFollowUp && <FollowUpFields doc={props.doc} action={action} ownersListId={props.ownersListId} />}
        {(links.length > 0 || rootCauseLinks.length > 0) && (
          <div className="action__links">
            <span className="action__links-label">Addresses</span>
            <ul className="chips" aria-label="Linked root causes and findings">
              {rootCauseLinks.map((link) => (
                <RootCauseChip key={link.id} link={link} />
              ))}
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

/**
 * Owner, due date, status and progress note as fields: all a follow-up may change, and the part of an
 * editor's row that stays editable after closing. `trailing` goes between status and progress (an
 * editor's priority, type and weakness).
 */
function FollowUpFields({
  doc,
  action,
  ownersListId,
  trailing,
}: {
  doc: Y.Doc;
  action: ActionItem;
  ownersListId: string;
  trailing?: ReactNode;
}) {
  const ids = { owner: useId(), due: useId(), status: useId(), progress: useId() };
  const update = (patch: ActionPatch) => unlessRemoved(() => updateAction(doc, action.id, patch));
  return (
    <div className="action__fields">
      <div className="action__field action__field--owner">
        <label htmlFor={ids.owner}>Owner</label>
        <OwnerInput id={ids.owner} owner={action.owner} listId={ownersListId} onCommit={(owner) => update({ owner })} />
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
        <EnumSelect
          id={ids.status}
          testId="action-status"
          className={`status-select status-select--${action.status}`}
          value={action.status}
          options={ACTION_STATUSES}
          labels={ACTION_STATUS_LABELS}
          onChange={(status) => update({ status })}
        />
      </div>
      {trailing}
      <div className="action__field action__field--progress">
        <label htmlFor={ids.progress}>Progress</label>
        <ProgressInput id={ids.progress} progress={action.progress} onCommit={(progress) => update({ progress })} />
      </div>
    </div>
  );
}

function EditableRow({
  doc,
  awareness,
  action,
  links,
  rootCauseLinks,
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
    priority: useId(),
    type: useId(),
    typeHelp: useId(),
    dueHint: useId(),
    weakness: useId(),
  };
  const linkedIds = useMemo(() => new Set(action.findingIds), [action.findingIds]);
  const linkedRootCauseIds = useMemo(() => new Set(action.rootCauseIds), [action.rootCauseIds]);
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
      <FollowUpFields
        doc={doc}
        action={action}
        ownersListId={ownersListId}
        trailing={
          <>
            <div className="action__field">
              <label htmlFor={ids.priority}>Priority</label>
              <EnumSelect
                id={ids.priority}
                testId="action-priority"
                className={`priority-select priority-select--${action.priority}`}
                value={action.priority}
                options={ACTION_PRIORITIES}
                labels={PRIORITY_LABELS}
                onChange={(priority) => update({ priority })}
              />
            </div>
            <div className="action__field">
              <label htmlFor={ids.type}>Type</label>
              <EnumSelect
                id={ids.type}
                testId="action-type"
                value={action.type}
                title={TYPE_HELP[action.type]}
                aria-describedby={ids.typeHelp}
                options={ACTION_TYPES}
                labels={ACTION_TYPE_LABELS}
                onChange={(type) => update({ type })}
              />
              <span id={ids.typeHelp} className="visually-hidden">
                {TYPE_HELP[action.type]}
              </span>
            </div>
            <div className="action__field">
              <label htmlFor={ids.weakness}>Weakness</label>
              <WeaknessSelect
                id={ids.weakness}
                testId="action-weakness"
                value={action.weakness}
                onChange={(weakness) => update({ weakness })}
              />
            </div>
          </>
        }
      />
      <div className="action__links">
        <span className="action__links-label">Addresses</span>
        {(links.length > 0 || rootCauseLinks.length > 0) && (
          <ul className="chips" aria-label="Linked root causes and findings">
            {rootCauseLinks.map((link) => (
              <RootCauseChip
                key={link.id}
                link={link}
                onUnlink={() => unlessRemoved(() => unlinkActionFromRootCause(doc, action.id, link.id))}
              />
            ))}
            {links.map((link) => (
              <FindingChip
                key={link.id}
                link={link}
                onUnlink={() => unlessRemoved(() => unlinkActionFromFinding(doc, action.id, link.id))}
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
            {links.length > 0 || rootCauseLinks.length > 0 ? 'Change links' : 'Link findings'}
          </button>
          {pickerOpen && (
            <FindingPicker
              doc={doc}
              actionId={action.id}
              actionTitle={action.title}
              linkedIds={linkedIds}
              linkedRootCauseIds={linkedRootCauseIds}
              onClose={closePicker}
            />
          )}
        </div>
      </div>
    </li>
  );
}
