import { TITLE_MAX_LENGTH } from '@hindsight/protocol';
import { SEVERITIES, type Severity } from '@hindsight/review';
import { SEVERITY_DESCRIPTIONS } from '../app/severity';

interface ReviewFieldsProps {
  /** Ids of the two fields: `${idPrefix}-title` and `${idPrefix}-severity`. */
  idPrefix: string;
  title: string;
  severity: Severity;
  onTitleChange: (title: string) => void;
  onSeverityChange: (severity: Severity) => void;
  /** The id of an error shown under the form, when there is one. */
  errorId?: string | undefined;
  autoFocus?: boolean;
}

/** A new review's title and severity, as the home page and a team space ask them. */
export function ReviewFields({
  idPrefix,
  title,
  severity,
  onTitleChange,
  onSeverityChange,
  errorId,
  autoFocus = false,
}: ReviewFieldsProps) {
  return (
    <>
      <div className="field">
        <label htmlFor={`${idPrefix}-title`} className="field-label">
          Incident title
        </label>
        <input
          id={`${idPrefix}-title`}
          name="title"
          required
          autoFocus={autoFocus}
          maxLength={TITLE_MAX_LENGTH}
          autoComplete="off"
          placeholder="e.g. Checkout returned errors for 40 minutes"
          value={title}
          onChange={(event) => onTitleChange(event.currentTarget.value)}
          aria-describedby={errorId}
        />
      </div>
      <div className="field">
        <label htmlFor={`${idPrefix}-severity`} className="field-label">
          Severity
        </label>
        <select
          id={`${idPrefix}-severity`}
          name="severity"
          value={severity}
          onChange={(event) => onSeverityChange(event.currentTarget.value as Severity)}
        >
          {SEVERITIES.map((level) => (
            <option key={level} value={level}>
              {level} · {SEVERITY_DESCRIPTIONS[level]}
            </option>
          ))}
        </select>
      </div>
    </>
  );
}
