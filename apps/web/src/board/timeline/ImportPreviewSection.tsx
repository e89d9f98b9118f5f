import { TIMELINE_KIND_LABELS } from '@hindsight/review';
import { clipText, duplicateReason, type ImportPreview, type PreviewRow } from './import-preview';
import type { TimeFormat } from './time';

/** How many raw ids the hint names before "…". */
const RAW_IDS_SHOWN = 3;

interface ImportPreviewSectionProps {
  preview: ImportPreview;
  format: TimeFormat;
  /** How many rows are checked. */
  addCount: number;
  /** The chat user list chosen, if any (its file name is shown). */
  users: { name: string } | null;
  included: (row: PreviewRow) => boolean;
  onInclude: (row: PreviewRow, included: boolean) => void;
  onChooseUsers: (files: FileList | null) => void;
}

/**
 * The import's preview: how many events, duplicates and unreadable lines, a hint when chat names
 * show as raw ids, the lines not imported, and every row with its checkbox and duplicate note.
 */
export function ImportPreviewSection({
  preview,
  format,
  addCount,
  users,
  included,
  onInclude,
  onChooseUsers,
}: ImportPreviewSectionProps) {
  const several = preview.inputs.length > 1;
  const duplicatesLeftOut = preview.rows.filter((row) => row.duplicate && !included(row)).length;
  return (
    <section className="timeline-import__preview" aria-label="Preview">
      <p className="timeline-import__summary" data-testid="timeline-import-summary" aria-live="polite">
        <strong>{addCount === 1 ? '1 event' : `${addCount} events`} to import</strong>
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
              onChange={(event) => onChooseUsers(event.currentTarget.files)}
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
                      onChange={(event) => onInclude(row, event.currentTarget.checked)}
                    />
                  </td>
                  <td className="timeline-import__when">
                    <time dateTime={row.at} title={format.full(row.at)}>
                      {format.day(row.at)}, {format.time(row.at)}
                    </time>
                  </td>
                  <td>
                    <span className={`timeline-kind timeline-kind--${row.kind}`}>{TIMELINE_KIND_LABELS[row.kind]}</span>
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
  );
}
