import { useId, useMemo, useRef, useState, type FocusEvent, type FormEvent } from 'react';
import type * as Y from 'yjs';
import {
  ACTION_STATUS_LABELS,
  ACTION_STATUSES,
  ACTION_TYPE_LABELS,
  ACTION_TYPES,
  addAction,
  REVIEW_LIMITS,
  ReviewInputError,
} from '@hindsight/review';
import { FieldWithHints } from '../hints/HintedField';
import type { SectionProps } from '../section';
import { CheckIcon, OverdueIcon, SortIcon } from '../../ui/icons';
import { EnumSelect } from '../../ui/EnumSelect';
import {
  countActions,
  filterActions,
  isFiltering,
  keepOrder,
  NO_FILTER,
  ownersOf,
  SORT_LABELS,
  sortActions,
  TYPE_HELP,
  type ActionCounts,
  type ActionFilter,
  type ActionSort,
  type SortKey,
  type StatusFilter,
} from './action-view';
import { ActionRow } from './ActionRow';
import type { LinkedRootCause } from './use-actions';

const NO_ROOT_CAUSE_LINKS: readonly LinkedRootCause[] = [];
import { useActionEditors, useActionsData, useToday } from './use-actions';
import './actions.css';

const DEFAULT_SORT: ActionSort = { key: 'due', direction: 'asc' };

/**
 * Action items: the concrete engineering work the review ends in. Everyone can sort and filter
 * their own view (never shared); editors add and edit actions, viewers see them read-only.
 */
export function ActionsSection({ doc, provider, canEdit, canFollowUp }: SectionProps) {
  const { actions, links, rootCauseLinks } = useActionsData(doc);
  const editorsOf = useActionEditors(provider.awareness);
  const today = useToday();
  const [filter, setFilter] = useState<ActionFilter>(NO_FILTER);
  const [sort, setSort] = useState<ActionSort>(DEFAULT_SORT);
  const [editingInList, setEditingInList] = useState(false);
  const shownRef = useRef<string[]>([]);
  const headingId = useId();
  const ownersListId = useId();

  const counts = useMemo(() => countActions(actions, today), [actions, today]);
  const owners = useMemo(() => ownersOf(actions), [actions]);
  const byId = useMemo(() => new Map(actions.map((action) => [action.id, action])), [actions]);
  const wantedIds = useMemo(
    () => sortActions(filterActions(actions, filter, today), sort).map((action) => action.id),
    [actions, filter, sort, today],
  );
  // While the local user edits inside the list, rows hold their places (see keepOrder).
  const shownIds = editingInList ? keepOrder(shownRef.current, wantedIds, new Set(byId.keys())) : wantedIds;
  shownRef.current = shownIds;

  const onListFocus = () => setEditingInList(true);
  const onListBlur = (event: FocusEvent<HTMLElement>) => {
    if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setEditingInList(false);
  };

  return (
    <section className="card actions-section" aria-labelledby={headingId} data-testid="actions-section">
      <header className="actions-section__head">
        <div className="actions-section__heading">
          <h2 id={headingId}>Action items</h2>
          <Counts counts={counts} />
        </div>
        <details className="type-help">
          <summary>What do the types mean?</summary>
          <dl>
            {ACTION_TYPES.map((type) => (
              <div key={type}>
                <dt>{ACTION_TYPE_LABELS[type]}</dt>
                <dd>{TYPE_HELP[type]}</dd>
              </div>
            ))}
          </dl>
        </details>
      </header>

      {canEdit && <AddActionForm doc={doc} ownersListId={ownersListId} />}
      {canEdit && (
        <datalist id={ownersListId}>
          {owners.map((owner) => (
            <option key={owner} value={owner} />
          ))}
        </datalist>
      )}

      {actions.length > 0 && (
        <Toolbar filter={filter} sort={sort} owners={owners} onFilter={setFilter} onSort={setSort} />
      )}

      {actions.length > 0 && isFiltering(filter) && (
        <p className="actions-section__showing" role="status">
          Showing {wantedIds.length} of {actions.length}.{' '}
          <button type="button" className="link-button" onClick={() => setFilter(NO_FILTER)}>
            Clear filters
          </button>
        </p>
      )}

      {actions.length === 0 ? (
        <p className="actions-section__empty">
          {canEdit
            ? 'No action items yet. Add the concrete tasks this review leads to, each with an owner and a due date.'
            : 'No action items yet.'}
        </p>
      ) : shownIds.length === 0 ? (
        <p className="actions-section__empty">No action item matches these filters.</p>
      ) : (
        <ul className="action-list" aria-labelledby={headingId} onFocus={onListFocus} onBlur={onListBlur}>
          {shownIds.map((id) => {
            const action = byId.get(id);
            if (!action) return null;
            return (
              <ActionRow
                key={id}
                doc={doc}
                awareness={provider.awareness}
                action={action}
                links={links.get(id) ?? []}
                rootCauseLinks={rootCauseLinks.get(id) ?? NO_ROOT_CAUSE_LINKS}
                editors={editorsOf(id)}
                canEdit={canEdit}
                canFollowUp={canFollowUp}
                today={today}
                ownersListId={ownersListId}
              />
            );
          })}
        </ul>
      )}
    </section>
  );
}

function Counts({ counts }: { counts: ActionCounts }) {
  if (counts.total === 0) return null;
  return (
    <ul className="action-counts" aria-label="Summary" data-testid="action-counts">
      <li className="action-count">
        <strong data-testid="count-open">{counts.open}</strong> open
      </li>
      <li className={counts.overdue > 0 ? 'action-count action-count--overdue' : 'action-count'}>
        {counts.overdue > 0 && <OverdueIcon />}
        <strong data-testid="count-overdue">{counts.overdue}</strong> overdue
      </li>
      <li className="action-count action-count--done">
        <CheckIcon />
        <strong data-testid="count-done">{counts.done}</strong> done
      </li>
      {counts.wontDo > 0 && (
        <li className="action-count">
          <strong>{counts.wontDo}</strong> won’t do
        </li>
      )}
    </ul>
  );
}

function AddActionForm({ doc, ownersListId }: { doc: Y.Doc; ownersListId: string }) {
  const [title, setTitle] = useState('');
  const [owner, setOwner] = useState('');
  const [due, setDue] = useState('');
  const [message, setMessage] = useState('');
  const titleRef = useRef<HTMLInputElement>(null);
  const ids = { title: useId(), owner: useId(), due: useId() };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (title.trim() === '') {
      setMessage('Give the action a title first.');
      titleRef.current?.focus();
      return;
    }
    try {
      addAction(doc, { title: title.trim(), owner: owner.trim(), due });
    } catch (error) {
      if (!(error instanceof ReviewInputError)) throw error;
      setMessage(error.message);
      return;
    }
    setTitle('');
    setDue('');
    // The owner often stays the same for the next few actions; keep it.
    setMessage(`Added “${title.trim()}”.`);
    titleRef.current?.focus();
  };

  return (
    <form className="action-add" onSubmit={submit} aria-label="Add an action item" data-testid="add-action-form">
      <div className="action-add__field action-add__field--title">
        <label htmlFor={ids.title}>New action item</label>
        <FieldWithHints value={title} onApply={(next) => setTitle(next.slice(0, REVIEW_LIMITS.titleMaxLength))}>
          <input
            id={ids.title}
            ref={titleRef}
            value={title}
            maxLength={REVIEW_LIMITS.titleMaxLength}
            autoComplete="off"
            placeholder="e.g. Page on p99 checkout latency above 800 ms"
            onChange={(event) => {
              setTitle(event.currentTarget.value);
              setMessage('');
            }}
          />
        </FieldWithHints>
      </div>
      <div className="action-add__field">
        <label htmlFor={ids.owner}>Owner</label>
        <input
          id={ids.owner}
          value={owner}
          list={ownersListId}
          maxLength={REVIEW_LIMITS.labelMaxLength}
          autoComplete="off"
          placeholder="Who"
          onChange={(event) => setOwner(event.currentTarget.value)}
        />
      </div>
      <div className="action-add__field">
        <label htmlFor={ids.due}>Due</label>
        <input id={ids.due} type="date" value={due} onChange={(event) => setDue(event.currentTarget.value)} />
      </div>
      <button type="submit" className="button">
        Add action
      </button>
      <p className="action-add__message" role="status">
        {message}
      </p>
    </form>
  );
}

interface ToolbarProps {
  filter: ActionFilter;
  sort: ActionSort;
  owners: string[];
  onFilter(filter: ActionFilter): void;
  onSort(sort: ActionSort): void;
}

const OWNER_ALL = '\u0000all';
const OWNER_NONE = '\u0000none';
const OWNER_LABELS = { [OWNER_ALL]: 'Everyone', [OWNER_NONE]: 'No owner' };

const STATUS_FILTERS: readonly StatusFilter[] = ['all', 'unfinished', ...ACTION_STATUSES];
const STATUS_FILTER_LABELS: Record<StatusFilter, string> = {
  all: 'All',
  unfinished: 'Not finished',
  ...ACTION_STATUS_LABELS,
};
const TYPE_FILTERS: readonly ActionFilter['type'][] = ['all', ...ACTION_TYPES];
const TYPE_FILTER_LABELS: Record<ActionFilter['type'], string> = { all: 'All', ...ACTION_TYPE_LABELS };

function Toolbar({ filter, sort, owners, onFilter, onSort }: ToolbarProps) {
  const ids = { query: useId(), status: useId(), type: useId(), owner: useId(), overdue: useId(), sort: useId() };
  const ownerOptions = filter.owner && !owners.includes(filter.owner) ? [...owners, filter.owner] : owners;
  const ownerValue = filter.owner === null ? OWNER_ALL : filter.owner === '' ? OWNER_NONE : filter.owner;
  return (
    <div className="action-toolbar" role="group" aria-label="Sort and filter action items (only for you)">
      <div className="action-toolbar__field action-toolbar__field--search">
        <label htmlFor={ids.query}>Search</label>
        <input
          id={ids.query}
          type="search"
          value={filter.query}
          placeholder="Title or owner"
          onChange={(event) => onFilter({ ...filter, query: event.currentTarget.value })}
        />
      </div>
      <div className="action-toolbar__field">
        <label htmlFor={ids.status}>Status</label>
        <EnumSelect
          id={ids.status}
          testId="filter-status"
          value={filter.status}
          options={STATUS_FILTERS}
          labels={STATUS_FILTER_LABELS}
          onChange={(status) => onFilter({ ...filter, status })}
        />
      </div>
      <div className="action-toolbar__field">
        <label htmlFor={ids.type}>Type</label>
        <EnumSelect
          id={ids.type}
          value={filter.type}
          options={TYPE_FILTERS}
          labels={TYPE_FILTER_LABELS}
          onChange={(type) => onFilter({ ...filter, type })}
        />
      </div>
      <div className="action-toolbar__field">
        <label htmlFor={ids.owner}>Owner</label>
        <EnumSelect
          id={ids.owner}
          value={ownerValue}
          options={[OWNER_ALL, OWNER_NONE, ...ownerOptions]}
          labels={OWNER_LABELS}
          onChange={(value) =>
            onFilter({ ...filter, owner: value === OWNER_ALL ? null : value === OWNER_NONE ? '' : value })
          }
        />
      </div>
      <label className="action-toolbar__check" htmlFor={ids.overdue}>
        <input
          id={ids.overdue}
          type="checkbox"
          checked={filter.overdueOnly}
          onChange={(event) => onFilter({ ...filter, overdueOnly: event.currentTarget.checked })}
        />
        Overdue only
      </label>
      <div className="action-toolbar__field action-toolbar__field--sort">
        <label htmlFor={ids.sort}>Sort by</label>
        <div className="action-toolbar__sort">
          <EnumSelect
            id={ids.sort}
            testId="sort-key"
            value={sort.key}
            options={Object.keys(SORT_LABELS) as SortKey[]}
            labels={SORT_LABELS}
            onChange={(key) => onSort({ ...sort, key })}
          />
          <button
            type="button"
            className="action-button action-button--icon"
            data-testid="sort-direction"
            aria-label={
              sort.direction === 'asc' ? 'Ascending; switch to descending' : 'Descending; switch to ascending'
            }
            title={sort.direction === 'asc' ? 'Ascending' : 'Descending'}
            onClick={() => onSort({ ...sort, direction: sort.direction === 'asc' ? 'desc' : 'asc' })}
          >
            <SortIcon direction={sort.direction} />
          </button>
        </div>
      </div>
    </div>
  );
}
