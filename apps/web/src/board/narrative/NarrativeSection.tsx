import { useId } from 'react';
import { NARRATIVE_SECTIONS } from '@hindsight/review';
import type { SectionProps } from '../section';
import { NarrativeEditor } from './NarrativeEditor';
import './narrative.css';

/**
 * The written post-mortem: summary, impact, detection, resolution and lessons learned, each a
 * collaborative rich-text editor with the others' carets. Viewers read the same text live.
 */
export function NarrativeSection({ doc, provider, canEdit }: SectionProps) {
  const headingId = useId();
  return (
    <section className="card narrative" aria-labelledby={headingId} data-testid="narrative">
      <header className="narrative__head">
        <h2 id={headingId}>Narrative</h2>
        {canEdit && <p className="hint">Describe what happened and what the system allowed, not who made a mistake.</p>}
      </header>
      <div className="narrative__sections">
        {NARRATIVE_SECTIONS.map((section) => (
          <NarrativeEditor key={section} section={section} doc={doc} provider={provider} canEdit={canEdit} />
        ))}
      </div>
    </section>
  );
}
