import type { ReviewHealth } from '@hindsight/review';
import './health.css';

/** How many gaps the checklist found, in words. */
export function gapsLabel(health: ReviewHealth): string {
  const count = health.checks.reduce((sum, check) => sum + check.gaps.length, 0);
  return count === 0 ? 'nothing missing' : `${count} gap${count === 1 ? '' : 's'}`;
}

/**
 * The review health checklist the facilitator sees before closing: each check ticked or not, with
 * what is missing under it.
 */
export function HealthChecklist({ health }: { health: ReviewHealth }) {
  return (
    <ul className="health" data-testid="health-checklist">
      {health.checks.map((check) => (
        <li
          key={check.id}
          className={`health__check health__check--${check.ok ? 'ok' : 'gap'}`}
          data-check={check.id}
          data-ok={check.ok}
        >
          <span aria-hidden="true">{check.ok ? '✓' : '!'}</span> {check.label}
          {check.gaps.length > 0 && (
            <ul className="health__gaps">
              {check.gaps.map((gap) => (
                <li key={gap}>{gap}</li>
              ))}
            </ul>
          )}
        </li>
      ))}
    </ul>
  );
}
