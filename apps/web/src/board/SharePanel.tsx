import { useEffect, useId, useRef, useState } from 'react';
import type { ShareLinks } from '../app/access';

interface SharePanelProps {
  links: ShareLinks;
  /** Issues a link this browser does not know (made elsewhere, or never made). */
  onCreate: (kind: 'edit' | 'view') => void;
  error: string | null;
}

/** The facilitator's invite links: one for participants (edit) and one to read along (view). */
export function SharePanel({ links, onCreate, error }: SharePanelProps) {
  const field = (kind: 'edit' | 'view', label: string, description: string) => {
    const link = links[kind];
    if (link) return <CopyField label={label} description={description} value={link} testId={`share-${kind}-link`} />;
    return (
      <div className="copy-field">
        <p className="field-label">
          {label} <span className="muted">· {description}</span>
        </p>
        <button
          type="button"
          className="button button--secondary"
          data-testid={`share-create-${kind}`}
          onClick={() => onCreate(kind)}
        >
          Create {kind === 'edit' ? 'an edit' : 'a view'} link
        </button>
      </div>
    );
  };
  return (
    <section className="card share" aria-labelledby="share-heading" data-testid="share-panel">
      <h2 id="share-heading">Invite people</h2>
      <p className="hint">Anyone with a link gets its access, so share each one only with the people who need it.</p>
      {field('edit', 'Edit link', 'for participants')}
      {field('view', 'View link', 'read-only, for everyone else')}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

interface CopyFieldProps {
  label: string;
  description: string;
  value: string;
  testId: string;
}

function CopyField({ label, description, value, testId }: CopyFieldProps) {
  const id = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [feedback, setFeedback] = useState<string | null>(null);

  useEffect(() => {
    if (!feedback) return;
    const timer = window.setTimeout(() => setFeedback(null), 2500);
    return () => window.clearTimeout(timer);
  }, [feedback]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setFeedback('Copied');
    } catch {
      // clipboard access refused (permissions, insecure origin): leave the text ready to copy by hand
      inputRef.current?.select();
      setFeedback('Press Ctrl+C to copy');
    }
  };

  return (
    <div className="copy-field">
      <label htmlFor={id} className="field-label">
        {label} <span className="muted">· {description}</span>
      </label>
      <div className="copy-field__row">
        <input
          id={id}
          ref={inputRef}
          readOnly
          value={value}
          data-testid={testId}
          onFocus={(event) => event.currentTarget.select()}
        />
        <button type="button" className="button button--secondary copy-field__button" onClick={copy}>
          {feedback === 'Copied' ? 'Copied' : 'Copy'}
          <span className="visually-hidden"> {label.toLowerCase()}</span>
        </button>
      </div>
      <p className="copy-field__feedback" aria-live="polite">
        {feedback === 'Copied' ? <span className="visually-hidden">{label} copied</span> : feedback}
      </p>
    </div>
  );
}
