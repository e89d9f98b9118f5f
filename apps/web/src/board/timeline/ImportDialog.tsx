import { useDeferredValue, useEffect, useId, useMemo, useRef, useState } from 'react';
import type * as Y from 'yjs';
import {
  addImportedEvents,
  findProbableDuplicates,
  listTimeline,
  parseTimelineImport,
  readUserDirectory,
  TIMELINE_KIND_LABELS,
  type DuplicateCandidate,
  type ImportedEvent,
  type ImportProblem,
  type ProbableDuplicate,
  type TimelineImportFormat,
} from '@hindsight/review';
import type { TimeFormat } from './time';
import './import-dialog.css';

interface ImportDialogProps {
  doc: Y.Doc;
  format: TimeFormat;
  /** `YYYY-MM-DD` proposed for times without a date (the incident's day). */
  defaultDate: string;
  onClose: () => void;
  /** Called after the events were added, with how many. */
  onImported: (count: number) => void;
}

type InputFormat = 'auto' | 'csv' | 'json' | 'lines';

interface ImportInput {
  name: string;
  text: string;
}

interface PreviewRow extends ImportedEvent {
  /** The file (or 'Pasted text') the row was read from. */
  from: string;
  /** Stable across re-renders of the same inputs: keys the person's include / leave out choice. */
  key: string;
  duplicate: ProbableDuplicate | null;
  /** What it probably repeats: an event on the timeline, or an earlier row of this import. */
  original: (DuplicateCandidate & { from?: string; line?: number }) | null;
}

/** How many raw ids the hint names before "…". */
const RAW_IDS_SHOWN = 3;

const FORMAT_NAMES: Record<TimelineImportFormat, string> = {
  csv: 'CSV',
  json: 'JSON events',
  chat: 'chat export',
  pager: 'pager log',
  lines: 'lines',
};

/**
 * Import events from pasted text or files (CSV, JSON events, a Slack-style chat export with its
 * users.json, a PagerDuty-style log). Nothing is written until the preview is confirmed; then the
 * checked rows are added in one transaction. Every row has a checkbox: new rows start checked, probable
 * duplicates of an event on the timeline or of an earlier row (`findProbableDuplicates`) start
 * unchecked, with what they repeat and why.
 */
export function ImportDialog({ doc, format, defaultDate, onClose, onImported }: ImportDialogProps) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const ids = useId();
  const [pasted, setPasted] = useState('');
  const [files, setFiles] = useState<ImportInput[]>([]);
  const [users, setUsers] = useState<{ name: string; map: Record<string, string> } | null>(null);
  const [inputFormat, setInputFormat] = useState<InputFormat>('auto');
  const [referenceDate, setReferenceDate] = useState(defaultDate);
  const [readError, setReadError] = useState('');
  /** Rows the person checked or unchecked, by row key; the others follow the duplicate check. */
  const [choices, setChoices] = useState<ReadonlyMap<string, boolean>>(new Map());
  const deferredPasted = useDeferredValue(pasted);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  const existing = useMemo(() => listTimeline(doc), [doc]);

  const preview = useMemo(() => {
    const inputs: ImportInput[] = [...files];
    if (deferredPasted.trim() !== '') inputs.push({ name: 'Pasted text', text: deferredPasted });
    const events: Array<ImportedEvent & { from: string }> = [];
    const problems: Array<ImportProblem & { from: string }> = [];
    const formats: string[] = [];
    const rawUserIds = new Set<string>();
    for (const input of inputs) {
      const result = parseTimelineImport(input.text, {
        format: inputFormat,
        referenceDate,
        timeZone: format.timeZone,
        ...(users ? { users: users.map } : {}),
      });
      formats.push(`${input.name}: ${FORMAT_NAMES[result.format]}`);
      for (const event of result.events) events.push({ ...event, from: input.name });
      for (const problem of result.problems) problems.push({ ...problem, from: input.name });
      for (const id of result.unnamedUserIds) rawUserIds.add(id);
    }
    // By time, ties in input order (the sort is stable): of two duplicates, the first shown is kept.
    events.sort((a, b) => a.at.localeCompare(b.at));
    const duplicates = findProbableDuplicates(existing, events);
    const rows: PreviewRow[] = events.map((event, index) => {
      const duplicate = duplicates[index] ?? null;
      const original = !duplicate
        ? null
        : duplicate.of.in === 'existing'
          ? (existing[duplicate.of.index] ?? null)
          : (events[duplicate.of.index] ?? null);
      return {
        ...event,
        key: `${event.from}\u0000${event.line}\u0000${event.at}\u0000${event.text}`,
        duplicate,
        original,
      };
    });
    return { inputs, rows, problems, formats, rawUserIds: [...rawUserIds] };
  }, [files, deferredPasted, inputFormat, referenceDate, format.timeZone, users, existing]);

  const included = (row: PreviewRow) => choices.get(row.key) ?? row.duplicate === null;
  const toAdd = preview.rows.filter(included);
  const duplicatesLeftOut = preview.rows.filter((row) => row.duplicate && !included(row)).length;
  const several = preview.inputs.length > 1;
  const include = (row: PreviewRow, value: boolean) => setChoices((previous) => new Map(previous).set(row.key, value));

  const chooseFiles = async (list: FileList | null) => {
    setReadError('');
    if (!list || list.length === 0) return;
    try {
      const read = await Promise.all([...list].map(async (file) => ({ name: file.name, text: await file.text() })));
      const inputs: ImportInput[] = [];
      for (const input of read) {
        const directory = userDirectoryOf(input.text);
        if (directory) setUsers({ name: input.name, map: directory });
        else inputs.push(input);
      }
      // Choosing only a users.json adds names to the files already chosen instead of replacing them.
      if (inputs.length > 0) setFiles(inputs);
    } catch (error) {
      setReadError(`The file could not be read: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  const chooseUsers = async (list: FileList | null) => {
    setReadError('');
    const file = list?.[0];
    if (!file) return;
    try {
      const directory = userDirectoryOf(await file.text());
      if (directory) setUsers({ name: file.name, map: directory });
      else setReadError(`${file.name} is not a user list (expected users.json from the chat export).`);
    } catch (error) {
      setReadError(`The file could not be read: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  const add = () => {
    if (toAdd.length === 0) return;
    addImportedEvents(
      doc,
      toAdd.map(({ at, kind, text, source }) => ({ at, kind, text, source })),
    );
    onImported(toAdd.length);
    dialogRef.current?.close();
  };

  return (
    <dialog
      ref={dialogRef}
      className="timeline-import"
      aria-labelledby={`${ids}-title`}
      data-testid="timeline-import"
      onClose={onClose}
    >
      <form method="dialog" className="timeline-import__frame" onSubmit={(event) => event.preventDefault()}>
        <header className="timeline-import__head">
          <h2 id={`${ids}-title`}>Import timeline events</h2>
          <p className="hint">
            A CSV (<code>time,kind,text,source</code>), a JSON list of events, a chat export (with its{' '}
            <code>users.json</code> for names), a pager log, or lines like <code>14:02 Alert fired</code>. Nothing is
            added until you confirm.
          </p>
        </header>

        <div className="timeline-import__inputs">
          <div className="field">
            <label className="field-label" htmlFor={`${ids}-file`}>
              Choose files
            </label>
            <input
              id={`${ids}-file`}
              type="file"
              multiple
              accept=".csv,.json,.txt,text/csv,application/json,text/plain"
              data-testid="timeline-import-file"
              onChange={(event) => void chooseFiles(event.currentTarget.files)}
            />
            {users && <span className="hint">Names from {users.name}</span>}
            {readError && <span className="timeline-details__error">{readError}</span>}
          </div>
          <div className="field timeline-import__paste">
            <label className="field-label" htmlFor={`${ids}-paste`}>
              Or paste
            </label>
            <textarea
              id={`${ids}-paste`}
              rows={4}
              value={pasted}
              spellCheck={false}
              placeholder={'14:02 Alert fired for checkout-api\n14:05 decision: roll back cfg-2291'}
              onChange={(event) => setPasted(event.currentTarget.value)}
            />
          </div>
          <div className="timeline-import__options">
            <div className="field">
              <label className="field-label" htmlFor={`${ids}-format`}>
                Read as
              </label>
              <select
                id={`${ids}-format`}
                value={inputFormat}
                onChange={(event) => setInputFormat(event.currentTarget.value as InputFormat)}
              >
                <option value="auto">Detect automatically</option>
                <option value="csv">CSV</option>
                <option value="json">JSON (events, chat, pager)</option>
                <option value="lines">Lines starting with a time</option>
              </select>
            </div>
            <div className="field">
              <label className="field-label" htmlFor={`${ids}-date`}>
                Day of times without a date
              </label>
              <input
                id={`${ids}-date`}
                type="date"
                value={referenceDate}
                onChange={(event) => setReferenceDate(event.currentTarget.value)}
              />
            </div>
            <p className="hint timeline-import__zone">Times without a zone are read in {format.zone()}.</p>
          </div>
        </div>

        {preview.inputs.length > 0 && (
          <section className="timeline-import__preview" aria-label="Preview">
            <p className="timeline-import__summary" data-testid="timeline-import-summary" aria-live="polite">
              <strong>{toAdd.length === 1 ? '1 event' : `${toAdd.length} events`} to import</strong>
              {duplicatesLeftOut > 0 && (
                <>
                  {' '}
                  ·{' '}
                  {duplicatesLeftOut === 1
                    ? '1 probable duplicate left out'
                    : `${duplicatesLeftOut} probable duplicates left out`}
                </>
              )}
              {preview.problems.length > 0 && (
                <>
                  {' '}
                  ·{' '}
                  {preview.problems.length === 1
                    ? '1 line could not be read'
                    : `${preview.problems.length} lines could not be read`}
                </>
              )}
              <span className="muted"> · {preview.formats.join(', ')}</span>
            </p>
            {preview.rawUserIds.length > 0 && (
              <div className="timeline-import__raw-ids" data-testid="timeline-import-raw-ids" role="note">
                <p>
                  {users ? 'Some names show as raw ids' : 'Names show as raw ids'} (
                  {preview.rawUserIds.slice(0, RAW_IDS_SHOWN).join(', ')}
                  {preview.rawUserIds.length > RAW_IDS_SHOWN ? ', …' : ''}).{' '}
                  {users
                    ? `${users.name} has no name for ${preview.rawUserIds.length === 1 ? 'it' : 'them'}; choose the workspace's complete users.json to map them.`
                    : "Add the workspace's users.json (it comes with the chat export) to map them to names."}
                </p>
                <label className="button button--secondary timeline-import__users">
                  Choose users.json
                  <input
                    type="file"
                    accept=".json,application/json"
                    className="visually-hidden"
                    data-testid="timeline-import-users"
                    onChange={(event) => void chooseUsers(event.currentTarget.files)}
                  />
                </label>
              </div>
            )}
            {preview.problems.length > 0 && (
              <div className="timeline-import__problems" data-testid="timeline-import-problems">
                <h3>Not imported</h3>
                <ul>
                  {preview.problems.map((problem, index) => (
                    <li key={index} data-testid="timeline-import-problem" data-line={problem.line}>
                      <strong>
                        {several ? `${problem.from}, ` : ''}
                        {problem.line > 0 ? `line ${problem.line}` : 'file'}
                      </strong>
                      : {problem.message}
                      {problem.raw && <code className="timeline-import__raw">{problem.raw}</code>}
                    </li>
                  ))}
                </ul>
              </div>
            )}
            {preview.rows.length > 0 && (
              <div className="timeline-import__table-wrap">
                <table className="timeline-import__table" data-testid="timeline-import-preview">
                  <caption className="visually-hidden">Events found, by time</caption>
                  <thead>
                    <tr>
                      <th scope="col">Import</th>
                      <th scope="col">When ({format.timeZone})</th>
                      <th scope="col">Kind</th>
                      <th scope="col">What happened</th>
                      <th scope="col">Source</th>
                      <th scope="col">Line</th>
                    </tr>
                  </thead>
                  <tbody>
                    {preview.rows.map((row) => (
                      <tr
                        key={row.key}
                        className={[row.duplicate ? 'is-duplicate' : '', included(row) ? '' : 'is-left-out']
                          .filter(Boolean)
                          .join(' ')}
                        data-testid="timeline-import-row"
                        data-duplicate={row.duplicate ? 'true' : 'false'}
                      >
                        <td className="timeline-import__pick">
                          <input
                            type="checkbox"
                            checked={included(row)}
                            aria-label={`Import ${format.time(row.at)} ${row.text}`}
                            onChange={(event) => include(row, event.currentTarget.checked)}
                          />
                        </td>
                        <td className="timeline-import__when">
                          <time dateTime={row.at} title={format.full(row.at)}>
                            {format.day(row.at)}, {format.time(row.at)}
                          </time>
                        </td>
                        <td>
                          <span className={`timeline-kind timeline-kind--${row.kind}`}>
                            {TIMELINE_KIND_LABELS[row.kind]}
                          </span>
                        </td>
                        <td>
                          {row.text}
                          {row.duplicate && row.original && (
                            <span className="timeline-import__dup" data-testid="timeline-import-duplicate">
                              Probable duplicate of {format.time(row.original.at)} · {clipText(row.original.text, 80)} (
                              {duplicateReason(row.duplicate, row.original, several)})
                            </span>
                          )}
                        </td>
                        <td>{row.source}</td>
                        <td className="muted">
                          {several ? `${row.from}:` : ''}
                          {row.line}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        )}

        <footer className="timeline-import__foot">
          <button type="button" className="button button--secondary" onClick={() => dialogRef.current?.close()}>
            Cancel
          </button>
          <button
            type="button"
            className="button"
            disabled={toAdd.length === 0}
            onClick={add}
            data-testid="timeline-import-add"
          >
            {toAdd.length === 1 ? 'Import 1 event' : `Import ${toAdd.length} events`}
          </button>
        </footer>
      </form>
    </dialog>
  );
}

/** Why a row was marked, in words: what it shares with the original and where that one is. */
function duplicateReason(
  duplicate: ProbableDuplicate,
  original: DuplicateCandidate & { from?: string; line?: number },
  several: boolean,
): string {
  const where =
    duplicate.of.in === 'existing'
      ? 'on the timeline'
      : `also in this import, ${several && original.from ? `${original.from} ` : ''}line ${original.line ?? '?'}`;
  if (duplicate.reason === 'same-source-id') {
    const [system = '', id = ''] = (original.sourceId ?? '').split(/:(.*)/s);
    const what =
      system === 'pager' ? `pager log entry ${id}` : system === 'chat' ? `chat message ${id}` : `event id ${id}`;
    return `the same ${what}; ${where}`;
  }
  const when = duplicate.secondsApart === 0 ? 'same time' : `${duplicate.secondsApart} s apart`;
  return `${when}, similar words; ${where}`;
}

function clipText(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}

/** The user list in a chat export's users.json, or null when the text is something else. */
function userDirectoryOf(text: string): Record<string, string> | null {
  if (!/^\s*[[{]/.test(text)) return null;
  try {
    return readUserDirectory(JSON.parse(text));
  } catch {
    return null;
  }
}
