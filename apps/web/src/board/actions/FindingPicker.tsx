import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type * as Y from 'yjs';
import {
  CATEGORY_LABELS,
  FINDING_CATEGORIES,
  linkActionToFinding,
  linkActionToRootCause,
  unlinkActionFromFinding,
  unlinkActionFromRootCause,
} from '@hindsight/review';
import { RootCauseIcon } from '../../ui/icons';
import { foldForSearch, unlessRemoved } from './action-view';
import { findingSummary } from './findings-labels';
import { useFindings } from './use-actions';
import './finding-picker.css';

interface FindingPickerProps {
  doc: Y.Doc;
  actionId: string;
  actionTitle: string;
  linkedIds: ReadonlySet<string>;
  /** Root-cause candidates it links to directly. */
  linkedRootCauseIds: ReadonlySet<string>;
  /** Closes the picker; `restoreFocus` when the keyboard closed it (focus goes back to its button). */
  onClose(restoreFocus: boolean): void;
}

/**
 * A non-modal popover listing the root-cause candidates, then every finding by category, each with
 * a checkbox: checked means the action addresses it. Changes apply at once (each is one link or unlink in the shared doc).
 * Subscribes to the findings only while open.
 */
export function FindingPicker({
  doc,
  actionId,
  actionTitle,
  linkedIds,
  linkedRootCauseIds,
  onClose,
}: FindingPickerProps) {
  const { findings, rootCauses, candidates } = useFindings(doc);
  const [query, setQuery] = useState('');
  const searchRef = useRef<HTMLInputElement>(null);
  const headingId = useId();
  const searchId = useId();

  useEffect(() => searchRef.current?.focus(), []);

  const groups = useMemo(() => {
    const words = foldForSearch(query).split(/\s+/).filter(Boolean);
    const matching = findings.filter((finding) => {
      if (words.length === 0) return true;
      const haystack = foldForSearch(finding.text);
      return words.every((word) => haystack.includes(word));
    });
    return FINDING_CATEGORIES.map((category) => ({
      category,
      findings: matching
        .filter((finding) => finding.category === category)
        // Root causes first: they are what an action most often addresses.
        .sort((a, b) => Number(rootCauses.has(b.id)) - Number(rootCauses.has(a.id))),
    })).filter((group) => group.findings.length > 0);
  }, [findings, rootCauses, query]);

  const matchingCandidates = useMemo(() => {
    const words = foldForSearch(query).split(/\s+/).filter(Boolean);
    return candidates.filter((candidate) => words.every((word) => foldForSearch(candidate.text).includes(word)));
  }, [candidates, query]);

  const toggleRootCause = (candidateId: string, link: boolean) =>
    unlessRemoved(() => (link ? linkActionToRootCause : unlinkActionFromRootCause)(doc, actionId, candidateId));
  const toggle = (findingId: string, link: boolean) =>
    unlessRemoved(() => (link ? linkActionToFinding : unlinkActionFromFinding)(doc, actionId, findingId));

  return (
    <div
      className="finding-picker"
      role="dialog"
      aria-labelledby={headingId}
      data-testid="finding-picker"
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation();
          onClose(true);
        }
      }}
    >
      <div className="finding-picker__head">
        <h3 id={headingId} className="finding-picker__title">
          Root causes and findings addressed by{' '}
          <span className="finding-picker__action">{actionTitle.trim() || 'this action'}</span>
        </h3>
        <button type="button" className="action-button action-button--quiet" onClick={() => onClose(true)}>
          Done
        </button>
      </div>
      {findings.length === 0 ? (
        <p className="finding-picker__empty">No findings yet. Write findings on the board, then link them here.</p>
      ) : (
        <>
          <label className="visually-hidden" htmlFor={searchId}>
            Search findings
          </label>
          <input
            id={searchId}
            ref={searchRef}
            type="search"
            className="finding-picker__search"
            placeholder="Search findings"
            value={query}
            onChange={(event) => setQuery(event.currentTarget.value)}
          />
          <div className="finding-picker__list">
            {matchingCandidates.length > 0 && (
              <fieldset className="finding-picker__group" data-testid="root-cause-options">
                <legend className="finding-picker__legend">Root causes</legend>
                {matchingCandidates.map((candidate) => (
                  <label key={candidate.id} className="finding-picker__option">
                    <input
                      type="checkbox"
                      checked={linkedRootCauseIds.has(candidate.id)}
                      onChange={(event) => toggleRootCause(candidate.id, event.currentTarget.checked)}
                    />
                    <span className="finding-picker__text">{findingSummary(candidate.text, 160)}</span>
                    <span className="root-cause-tag">
                      <RootCauseIcon />
                      {candidate.target.kind === 'group' ? 'Group' : 'Note'}
                    </span>
                  </label>
                ))}
              </fieldset>
            )}
            {groups.length === 0 && <p className="finding-picker__empty">No finding matches “{query.trim()}”.</p>}
            {groups.map((group) => (
              <fieldset key={group.category} className="finding-picker__group">
                <legend className={`finding-picker__legend category--${group.category}`}>
                  {CATEGORY_LABELS[group.category]}
                </legend>
                {group.findings.map((finding) => (
                  <label key={finding.id} className="finding-picker__option">
                    <input
                      type="checkbox"
                      checked={linkedIds.has(finding.id)}
                      onChange={(event) => toggle(finding.id, event.currentTarget.checked)}
                    />
                    <span className="finding-picker__text">{findingSummary(finding.text, 160)}</span>
                    {rootCauses.has(finding.id) && (
                      <span className="root-cause-tag">
                        <RootCauseIcon />
                        Root cause
                      </span>
                    )}
                  </label>
                ))}
              </fieldset>
            ))}
          </div>
        </>
      )}
    </div>
  );
}
