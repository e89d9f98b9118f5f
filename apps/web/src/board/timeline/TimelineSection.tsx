import { Fragment, lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { keyTimesByInstant, knownAt, readMeta, type KeyTime } from '@hindsight/review';
import type { SectionProps } from '../section';
import { AddEventForm } from './AddEventForm';
import { TimelineRow } from './TimelineRow';
import { TimelineScrubber } from './TimelineScrubber';
import { localDay, timeFormat, viewerTimeZone } from './time';
import { useKeyTimes, useTimelineEditors, useTimelineEntries } from './use-timeline';
import './timeline.css';

const NO_KEYS: readonly KeyTime[] = [];

// The import dialog (and the CSV parser behind it) loads only when someone opens it.
const ImportDialog = lazy(() => import('./ImportDialog').then((module) => ({ default: module.ImportDialog })));

/**
 * The incident timeline: every event in time order, in the viewer's time zone. Editors add, edit,
 * delete and import events and mark key times; viewers see the same list without any controls.
 */
export function TimelineSection({ doc, provider, canEdit }: SectionProps) {
  const awareness = provider.awareness;
  const allEntries = useTimelineEntries(doc);
  // The scrubber's instant: while set, only the events known by then are listed.
  const [asOf, setAsOf] = useState<string | null>(null);
  const entries = useMemo(
    () => (asOf === null ? allEntries : allEntries.filter((entry) => knownAt(entry, asOf))),
    [allEntries, asOf],
  );
  const keyTimes = useKeyTimes(doc);
  const editorsOf = useTimelineEditors(awareness);
  const format = useMemo(() => timeFormat(viewerTimeZone()), []);
  const [importing, setImporting] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const [freshId, setFreshId] = useState<string | null>(null);
  const listRef = useRef<HTMLOListElement>(null);

  const keysByInstant = useMemo(() => keyTimesByInstant(keyTimes), [keyTimes]);
  // Rows read the current key times only when they change them, so a key-time edit re-renders just the badges' rows.
  const readKeyTimes = useCallback(() => readMeta(doc).times, [doc]);

  useEffect(() => {
    if (!freshId) return;
    const row = listRef.current?.querySelector(`[data-event-id="${CSS.escape(freshId)}"]`);
    row?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
    const timer = window.setTimeout(() => setFreshId(null), 1600);
    return () => window.clearTimeout(timer);
  }, [freshId]);

  const defaultImportDate = useMemo(() => {
    const anchor = keyTimes.started ?? entries[0]?.at ?? new Date().toISOString();
    return localDay(anchor, format.timeZone);
  }, [keyTimes.started, entries, format.timeZone]);

  let previousDay = '';
  const spansDays =
    entries.length > 0 &&
    localDay(entries[0]!.at, format.timeZone) !== localDay(entries[entries.length - 1]!.at, format.timeZone);

  return (
    <section className="card timeline" aria-labelledby="timeline-heading" data-testid="timeline-section">
      <header className="timeline__head">
        <div>
          <h2 id="timeline-heading">Timeline</h2>
          <p className="hint" data-testid="timeline-zone">
            {asOf !== null
              ? `${entries.length} of ${allEntries.length} events known`
              : entries.length === 1
                ? '1 event'
                : `${entries.length} events`}{' '}
            · times in {format.zone([entries[0]?.at, entries[entries.length - 1]?.at])}
          </p>
        </div>
        {canEdit && (
          <button type="button" className="button button--secondary" onClick={() => setImporting(true)}>
            Import…
          </button>
        )}
      </header>

      {canEdit && <AddEventForm doc={doc} format={format} onAdded={setFreshId} />}

      <TimelineScrubber entries={allEntries} keyTimes={keyTimes} format={format} asOf={asOf} onChange={setAsOf} />

      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>

      {entries.length === 0 ? (
        <p className="timeline__empty muted">
          {asOf !== null
            ? 'Nothing on the timeline was known yet at this instant.'
            : canEdit
              ? 'No events yet. Add what happened, when, or import a chat export, pager log or CSV.'
              : 'No events on the timeline yet.'}
        </p>
      ) : (
        <ol className="timeline__list" ref={listRef} data-testid="timeline-list">
          {entries.map((entry) => {
            const day = spansDays ? localDay(entry.at, format.timeZone) : '';
            const dayHeading = spansDays && day !== previousDay;
            previousDay = day;
            return (
              <Fragment key={entry.id}>
                {dayHeading && <li className="timeline__day">{format.day(entry.at)}</li>}
                <TimelineRow
                  doc={doc}
                  awareness={awareness}
                  entry={entry}
                  keyTimes={keysByInstant.get(entry.at) ?? NO_KEYS}
                  readKeyTimes={readKeyTimes}
                  editors={editorsOf(entry.id)}
                  canEdit={canEdit}
                  format={format}
                  fresh={entry.id === freshId}
                />
              </Fragment>
            );
          })}
        </ol>
      )}

      {canEdit && importing && (
        <Suspense fallback={null}>
          <ImportDialog
            doc={doc}
            format={format}
            defaultDate={defaultImportDate}
            onClose={() => setImporting(false)}
            onImported={(count) => setAnnouncement(count === 1 ? 'Imported 1 event.' : `Imported ${count} events.`)}
          />
        </Suspense>
      )}
    </section>
  );
}
