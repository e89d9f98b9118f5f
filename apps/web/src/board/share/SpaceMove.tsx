import { useId, useState, type FormEvent } from 'react';
import { useControlAction } from '../facilitation/use-control-action';
import { moveReviewToSpace, removeReviewFromSpace } from './review-space-api';
import { parseSpaceLink } from './space-link';
import type { ReviewSpaceState } from './use-review-space';

/**
 * The facilitator's "Team space" part of the Share panel: which space the review is in, and moving
 * it into one by pasting that space's admin link (which proves they may add to it), or out again.
 * Everyone in the space can then read the review; nothing else about it changes.
 */
export function SpaceMove({ reviewId, token, state }: { reviewId: string; token: string; state: ReviewSpaceState }) {
  const id = useId();
  const [link, setLink] = useState('');
  const { pending, message, run } = useControlAction();
  const { space, setSpace } = state;

  const move = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void run(async () => {
      const parsed = parseSpaceLink(link);
      if (!parsed) throw new Error('Paste the admin link of a team space: it looks like …/s/…#token=hs_…');
      setSpace(await moveReviewToSpace(reviewId, token, parsed.token));
      setLink('');
    });
  };

  const remove = () =>
    void run(async () => {
      await removeReviewFromSpace(reviewId, token);
      setSpace(null);
    });

  return (
    <section className="card share space-move" aria-labelledby={`${id}-heading`} data-testid="space-move">
      <h2 id={`${id}-heading`}>Team space</h2>
      {space ? (
        <p data-testid="review-space-name">
          In <strong>{space.name}</strong>: its members can read this review.{' '}
          <button
            type="button"
            className="button button--secondary button--small"
            onClick={remove}
            disabled={pending}
            data-testid="space-remove"
          >
            Remove from the space
          </button>
        </p>
      ) : (
        <p className="hint">
          {space === null ? 'This review is in no team space. ' : ''}A team space keeps a team’s reviews together, with
          search, follow-ups and recurring weaknesses across them.
        </p>
      )}
      <form className="copy-field" onSubmit={move}>
        <label htmlFor={`${id}-link`} className="field-label">
          {space ? 'Move to another space' : 'Move into a space'}{' '}
          <span className="muted">· paste the space’s admin link</span>
        </label>
        <div className="copy-field__row">
          <input
            id={`${id}-link`}
            value={link}
            autoComplete="off"
            spellCheck={false}
            placeholder="https://…/s/…#token=hs_…"
            onChange={(event) => setLink(event.currentTarget.value)}
            data-testid="space-move-link"
          />
          <button type="submit" className="button button--secondary" disabled={pending || link.trim() === ''}>
            Move
          </button>
        </div>
      </form>
      {message && (
        <p className="form-error" role="alert" data-testid="space-move-error">
          {message.text}
        </p>
      )}
    </section>
  );
}
