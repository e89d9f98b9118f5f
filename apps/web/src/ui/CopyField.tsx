import { useEffect, useId, useRef, useState } from 'react';
import './copy-field.css';

interface CopyFieldProps {
  label: string;
  description: string;
  value: string;
  testId: string;
}

/**
 * A read-only field with a Copy button: copies `value` to the clipboard, or selects it for copying
 * by hand when the browser refuses, and says which happened.
 */
export function CopyField({ label, description, value, testId }: CopyFieldProps) {
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
