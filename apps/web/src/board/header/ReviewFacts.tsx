import { useId } from 'react';
import { ROLE_LABELS, type Role } from '@hindsight/protocol';
import { REVIEW_STATUS_LABELS, SEVERITIES, type ReviewStatus, type Severity } from '@hindsight/review';
import { SEVERITY_DESCRIPTIONS } from '../../app/severity';
import './review-facts.css';

/** Board-only wording: the board's facts spell out what a viewer may not do; elsewhere it is just "Viewer". */
const ROLE_NAMES: Record<Role, string> = { ...ROLE_LABELS, viewer: 'Viewer (read-only)' };

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

interface ReviewFactsProps {
  severity: Severity;
  status: ReviewStatus;
  createdAt: string;
  role: Role;
  /** Given to people who may edit: the severity becomes a select. */
  onSeverityChange?: ((severity: Severity) => void) | undefined;
}

/** The review's key facts under its title: severity, status, creation time and the reader's access. */
export function ReviewFacts({ severity, status, createdAt, role, onSeverityChange }: ReviewFactsProps) {
  const created = new Date(createdAt);
  const severityId = useId();
  return (
    <dl className="facts">
      <div>
        <dt>{onSeverityChange ? <label htmlFor={severityId}>Severity</label> : 'Severity'}</dt>
        <dd data-testid="review-severity" data-severity={severity}>
          {onSeverityChange ? (
            <select
              id={severityId}
              className={`severity-select severity--${severity.toLowerCase()}`}
              value={severity}
              onChange={(event) => onSeverityChange(event.currentTarget.value as Severity)}
              aria-describedby={`${severityId}-description`}
            >
              {SEVERITIES.map((level) => (
                <option key={level} value={level}>
                  {level}
                </option>
              ))}
            </select>
          ) : (
            <span className={`badge severity severity--${severity.toLowerCase()}`}>{severity}</span>
          )}{' '}
          <span className="muted" id={`${severityId}-description`}>
            {SEVERITY_DESCRIPTIONS[severity]}
          </span>
        </dd>
      </div>
      <div>
        <dt>Status</dt>
        <dd data-testid="review-status">
          <span className={`badge status status--${status}`}>{REVIEW_STATUS_LABELS[status]}</span>
        </dd>
      </div>
      <div>
        <dt>Created</dt>
        <dd>
          {Number.isNaN(created.getTime()) ? createdAt : <time dateTime={createdAt}>{dateFormat.format(created)}</time>}
        </dd>
      </div>
      <div>
        <dt>Your access</dt>
        <dd data-testid="review-role">{ROLE_NAMES[role]}</dd>
      </div>
    </dl>
  );
}
