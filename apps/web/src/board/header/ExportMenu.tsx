import { useState } from 'react';
import { describeFailure } from '../../app/api';
import { MenuButton, type MenuEntry } from '../../ui/MenuButton';
import { ExportIcon } from '../../ui/icons';
import { downloadExport, type ExportKind } from './export-api';

interface ExportMenuProps {
  reviewId: string;
  /** This tab's link token; every role may export. */
  token: string;
}

const CHOICES: Array<{ heading?: string; kind: ExportKind; label: string }> = [
  { heading: 'Whole review', kind: 'markdown', label: 'Markdown (.md)' },
  { kind: 'json', label: 'JSON (.json), can be imported' },
  { heading: 'Action items', kind: 'csv', label: 'CSV (.csv)' },
];

/**
 * The board's "Export" menu, for every role: the whole review as Markdown (to paste into a tracker
 * or wiki) or JSON (to archive or import elsewhere), the action items as CSV; each also with
 * participant names replaced by neutral labels.
 */
export function ExportMenu({ reviewId, token }: ExportMenuProps) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = async (kind: ExportKind, redacted: boolean) => {
    setPending(true);
    setError(null);
    try {
      await downloadExport(reviewId, token, kind, redacted);
    } catch (caught) {
      setError(`Export failed: ${describeFailure(caught)}`);
    } finally {
      setPending(false);
    }
  };

  const entries = (): MenuEntry[] =>
    CHOICES.flatMap(({ heading, kind, label }) => [
      ...(heading ? [{ kind: 'heading' as const, label: heading }] : []),
      { kind: 'item' as const, label, onSelect: () => void run(kind, false), testId: `export-${kind}` },
      {
        kind: 'item' as const,
        label: `${label.replace(/,.*$/, '')}, names redacted`,
        onSelect: () => void run(kind, true),
        testId: `export-${kind}-redacted`,
      },
    ]);

  return (
    <>
      <MenuButton
        label="Export"
        entries={entries}
        className="button button--small button--secondary"
        testId="export-button"
      >
        <ExportIcon className="button__icon" />
        {pending ? 'Exporting…' : 'Export'}
      </MenuButton>
      {error && (
        <span className="form-error" role="alert" data-testid="export-error">
          {error}
        </span>
      )}
    </>
  );
}
