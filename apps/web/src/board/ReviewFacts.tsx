import type { Role } from '@hindsight/protocol';
import type { ReviewStatus, Severity } from '@hindsight/review';
import { SEVERITY_DESCRIPTIONS } from '../app/severity';

const ROLE_LABELS: Record<Role, string> = {
  facilitator: 'Facilitator',
  editor: 'Editor',
  viewer: 'Viewer (read-only)',
};

const STATUS_LABELS: Record<ReviewStatus, string> = { live: 'In progress', closed: 'Closed' };

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

interface ReviewFactsProps {
  severity: Severity;
  status: ReviewStatus;
  createdAt: string;
  role: Role;
}

/** The review's key facts under its title: severity, status, creation time and the reader's access. */
export function ReviewFacts({ severity, status, createdAt, role }: ReviewFactsProps) {
  const created = new Date(createdAt);
  return (
    <dl className="facts">
      <div>
        <dt>Severity</dt>
        <dd data-testid="review-severity">
          <span className={`badge severity severity--${severity.toLowerCase()}`}>{severity}</span>{' '}
          <span className="muted">{SEVERITY_DESCRIPTIONS[severity]}</span>
        </dd>
      </div>
      <div>
        <dt>Status</dt>
        <dd data-testid="review-status">
          <span className={`badge status status--${status}`}>{STATUS_LABELS[status]}</span>
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
        <dd data-testid="review-role">{ROLE_LABELS[role]}</dd>
      </div>
    </dl>
  );
}
