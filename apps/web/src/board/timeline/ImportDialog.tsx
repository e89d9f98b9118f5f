import { useDeferredValue, useEffect, useId, useMemo, useRef, useState } from 'react';
import type * as Y from 'yjs';
import { addImportedEvents, listTimeline } from '@hindsight/review';
import {
  buildImportPreview,
  userDirectoryOf,
  type ImportInput,
  type InputFormat,
  type PreviewRow,
} from './import-preview';
import { ImportPreviewSection } from './ImportPreviewSection';
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

  const preview = useMemo(
    () =>
      buildImportPreview(existing, files, deferredPasted, {
        format: inputFormat,
        referenceDate,
        timeZone: format.timeZone,
        users: users?.map ?? null,
      }),
    [files, deferredPasted, inputFormat, referenceDate, format.timeZone, users, existing],
  );

  const included = (row: PreviewRow) => choices.get(row.key) ?? row.duplicate === null;
  const toAdd = preview.rows.filter(included);
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
          <ImportPreviewSection
            preview={preview}
            format={format}
            users={users}
            addCount={toAdd.length}
            included={included}
            onInclude={include}
            onChooseUsers={(list) => void chooseUsers(list)}
          />
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
