import { useEffect, useMemo, useState } from 'react';
import type * as Y from 'yjs';
import {
  demoteRootCause,
  findingText,
  groupNameText,
  listFindings,
  listGroups,
  listRootCauses,
  observeFindingsLayout,
  summariseRootCauses,
  type RootCauseSummary,
} from '@hindsight/review';
import type { SectionProps } from '../section';
import { CATEGORY_LABELS } from '../findings/categories';
import { useTextValue } from '../findings/use-bound-text';
import './root-causes.css';

/**
 * Root-cause candidates: findings and groups promoted from the findings board. Votes (issue 4) are
 * held by the server, not the document; each row keeps a place for them.
 */
export function RootCausesSection({ doc, canEdit }: SectionProps) {
  const candidates = useRootCauses(doc);
  return (
    <section className="card root-causes" aria-labelledby="root-causes-heading" data-testid="root-causes-section">
      <header className="root-causes__head">
        <h2 id="root-causes-heading">Root causes</h2>
        <p className="hint">
          Candidates promoted from the findings. Real incidents have several; the vote ranks where to invest first.
        </p>
      </header>
      {candidates.length === 0 ? (
        <p className="root-causes__empty">
          No candidates yet.{' '}
          {canEdit
            ? 'Promote a finding or a group with its root-cause button (the target icon).'
            : 'They appear here when the team promotes findings.'}
        </p>
      ) : (
        <ol className="root-causes__list">
          {candidates.map((candidate) => (
            <RootCauseRow key={candidate.id} doc={doc} candidate={candidate} canEdit={canEdit} />
          ))}
        </ol>
      )}
    </section>
  );
}

/** Candidates with their category and members, following promotions, moves and removals (not typing). */
function useRootCauses(doc: Y.Doc): RootCauseSummary[] {
  const read = () => summariseRootCauses(listRootCauses(doc), listFindings(doc), listGroups(doc));
  const [candidates, setCandidates] = useState(read);
  useEffect(() => {
    setCandidates(read());
    return observeFindingsLayout(doc, () => setCandidates(read()));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [doc]);
  return candidates;
}

function RootCauseRow({ doc, candidate, canEdit }: { doc: Y.Doc; candidate: RootCauseSummary; canEdit: boolean }) {
  const isGroup = candidate.target.kind === 'group';
  const text = useMemo(
    () => (isGroup ? groupNameText(doc, candidate.target.id) : findingText(doc, candidate.target.id)),
    [doc, isGroup, candidate.target.id],
  );
  const live = useTextValue(text);
  const title = (text ? live : candidate.text).trim() || (isGroup ? 'Unnamed group' : 'Empty note');
  return (
    <li className={`rc rc--${candidate.category}`} data-testid="root-cause" data-root-cause-id={candidate.id}>
      <div className="rc__main">
        <p className="rc__meta">
          <span className="rc__category">{CATEGORY_LABELS[candidate.category]}</span>
          {isGroup && (
            <span className="rc__kind">
              Group · {candidate.findingIds.length} {candidate.findingIds.length === 1 ? 'note' : 'notes'}
            </span>
          )}
        </p>
        <p className="rc__text" data-testid="root-cause-text">
          {title}
        </p>
        {isGroup && candidate.findingIds.length > 0 && (
          <ul className="rc__members">
            {candidate.findingIds.map((findingId) => (
              <MemberLine key={findingId} doc={doc} findingId={findingId} />
            ))}
          </ul>
        )}
      </div>
      <div className="rc__votes" data-testid="root-cause-votes" aria-label="Votes">
        <span className="rc__votes-count" aria-hidden="true">
          –
        </span>
        <span className="rc__votes-label">Votes open in the vote phase</span>
      </div>
      {canEdit && (
        <button
          type="button"
          className="button button--secondary rc__demote"
          data-testid="root-cause-demote"
          aria-label={`Demote “${title.slice(0, 60)}”`}
          onClick={() => demoteRootCause(doc, candidate.target)}
        >
          Demote
        </button>
      )}
    </li>
  );
}

function MemberLine({ doc, findingId }: { doc: Y.Doc; findingId: string }) {
  const value = useTextValue(useMemo(() => findingText(doc, findingId), [doc, findingId]));
  return <li>{value.trim() || 'Empty note'}</li>;
}
