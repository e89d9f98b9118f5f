import { useId, useState, type ChangeEvent } from 'react';
import { IMPORT_MAX_BYTES } from '@hindsight/protocol';
import { ApiError } from '../app/api';
import { rememberCreatedReview } from '../app/access';
import { navigate } from '../app/router';
import { importReviewFile } from '../board/header/export-api';

/**
 * "Import a review": a JSON file exported from Hindsight becomes a new review (new links, the same
 * content), and the importer lands on it as its facilitator, as after creating one.
 */
export function ImportReview() {
  const inputId = useId();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const importFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const input = event.currentTarget;
    const file = input.files?.[0];
    if (!file || pending) return;
    setError(null);
    if (file.size > IMPORT_MAX_BYTES) {
      setError(`That file is larger than ${IMPORT_MAX_BYTES / 1024 / 1024} MiB; a review export is much smaller.`);
      input.value = '';
      return;
    }
    setPending(true);
    try {
      const created = await importReviewFile(await file.text());
      rememberCreatedReview(created);
      const facilitator = new URL(created.links.facilitator, window.location.href);
      navigate(facilitator.pathname + facilitator.hash);
    } catch (caught) {
      setError(
        caught instanceof ApiError
          ? `This file could not be imported: ${caught.message}`
          : 'The file could not be read. Please try again.',
      );
      setPending(false);
      input.value = ''; // choosing the same file again, once fixed, fires a change
    }
  };

  return (
    <section className="card create-form" aria-labelledby={`${inputId}-heading`} data-testid="import-review">
      <h2 id={`${inputId}-heading`}>Import a review</h2>
      <div className="field">
        <label htmlFor={inputId} className="field-label">
          Review file (JSON, exported from Hindsight)
        </label>
        <input
          id={inputId}
          type="file"
          accept="application/json,.json"
          disabled={pending}
          onChange={(event) => void importFile(event)}
          aria-describedby={error ? `${inputId}-error` : undefined}
          data-testid="import-review-file"
        />
      </div>
      {pending && <p className="hint">Importing…</p>}
      {error && (
        <p id={`${inputId}-error`} className="form-error" role="alert" data-testid="import-review-error">
          {error}
        </p>
      )}
      <p className="hint">It becomes a new review with new links; you will facilitate it.</p>
    </section>
  );
}
