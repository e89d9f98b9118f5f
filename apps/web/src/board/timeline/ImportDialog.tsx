import { useDeferredValue, useEffect, useId, useMemo, useRef, useState } from 'react';
import type * as Y from 'yjs';
import {
  addImportedEvents,
  listTimeline,
  parseTimelineImport,
  readUserDirectory,
  type ImportedEvent,
  type ImportProblem,
  type TimelineImportFormat,
} from '@hindsight/review';
import type { TimeFormat } from './time';
import { KIND_LABELS } from './timeline-view';

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
  from: string;
  duplicate: boolean;
}

const FORMAT_NAMES: Record<TimelineImportFormat, string> = {
  csv: 'CSV',
  json: 'JSON events',
  chat: 'chat export',
  pager: 'pager log',
  lines: 'lines',
};

/**
 * Import events from pasted text or files (CSV, JSON events, a Slack-style chat export with its
 * users.json, a PagerDuty-style log). Nothing is written until the preview is confirmed; then every
 * new row is added in one transaction. Rows already on the timeline (same time and text) are skipped.
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
  const deferredPasted = useDeferredValue(pasted);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  const existing = useMemo(
    () => new Set(listTimeline(doc).map((event) => `${event.at}\u0000${event.text.trim()}`)),
    [doc],
  );

  const preview = useMemo(() => {
    const inputs: ImportInput[] = [...files];
    if (deferredPasted.trim() !== '') inputs.push({ name: 'Pasted text', text: deferredPasted });
    const rows: PreviewRow[] = [];
    const problems: Array<ImportProblem & { from: string }> = [];
    const formats: string[] = [];
    for (const input of inputs) {
      const result = parseTimelineImport(input.text, {
        format: inputFormat,
        referenceDate,
        timeZone: format.timeZone,
        ...(users ? { users: users.map } : {}),
      });
      formats.push(`${input.name}: ${FORMAT_NAMES[result.format]}`);
      for (const event of result.events) {
        rows.push({ ...event, from: input.name, duplicate: existing.has(`${event.at}\u0000${event.text}`) });
      }
      for (const problem of result.problems) problems.push({ ...problem, from: input.name });
    }
    rows.sort((a, b) => a.at.localeCompare(b.at));
    return { inputs, rows, problems, formats };
  }, [files, deferredPasted, inputFormat, referenceDate, format.timeZone, users, existing]);

  const toAdd = preview.rows.filter((row) => !row.duplicate);
  const duplicates = preview.rows.length - toAdd.length;
  const several = preview.inputs.length > 1;

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
      setFiles(inputs);
    } catch (error) {
      setReadError(`The file could not be read: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  const add = () => {
    if (toAdd.length === 0) return;
    addImportedEvents(doc, toAdd);
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
              <strong>{toAdd.length === 1 ? '1 event' : `${toAdd.length} events`} to add</strong>
              {duplicates > 0 && <> · {duplicates} already on the timeline</>}
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
                      <th scope="col">When ({format.timeZone})</th>
                      <th scope="col">Kind</th>
                      <th scope="col">What happened</th>
                      <th scope="col">Source</th>
                      <th scope="col">Line</th>
                    </tr>
                  </thead>
                  <tbody>
                    {preview.rows.map((row, index) => (
                      <tr key={index} className={row.duplicate ? 'is-duplicate' : undefined}>
                        <td className="timeline-import__when">
                          <time dateTime={row.at} title={format.full(row.at)}>
                            {format.day(row.at)}, {format.time(row.at)}
                          </time>
                        </td>
                        <td>
                          <span className={`timeline-kind timeline-kind--${row.kind}`}>{KIND_LABELS[row.kind]}</span>
                        </td>
                        <td>
                          {row.text}
                          {row.duplicate && (
                            <span className="timeline-import__dup"> (already on the timeline, skipped)</span>
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
            {toAdd.length === 1 ? 'Add 1 event' : `Add ${toAdd.length} events`}
          </button>
        </footer>
      </form>
    </dialog>
  );
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
