import { memo } from 'react';
import { NARRATIVE_LABELS, NARRATIVE_SECTIONS, type NarrativeSection } from '@hindsight/review';
import { isEmptyRichText, type RichBlock } from './rich-text';
import { ReportSection } from './ReportSection';
import { RichText } from './RichText';
import '../ui/prose.css';

/** The written post-mortem: summary, impact, detection, resolution and lessons learned. */
export function ReportNarrative({ narrative }: { narrative: Record<NarrativeSection, RichBlock[]> }) {
  return (
    <ReportSection id="report-narrative" title="Narrative" testId="report-narrative">
      {NARRATIVE_SECTIONS.map((section) => (
        <NarrativePart key={section} section={section} blocks={narrative[section]} />
      ))}
    </ReportSection>
  );
}

// Memoised per part: typing in the summary re-renders the summary only.
const NarrativePart = memo(function NarrativePart({
  section,
  blocks,
}: {
  section: NarrativeSection;
  blocks: RichBlock[];
}) {
  const title = NARRATIVE_LABELS[section];
  return (
    <section className="report-narrative" aria-label={title} data-testid={`report-narrative-${section}`}>
      <h3>{title}</h3>
      {isEmptyRichText(blocks) ? (
        <p className="report-empty">Not written.</p>
      ) : (
        <div className="report-prose prose">
          <RichText blocks={blocks} />
        </div>
      )}
    </section>
  );
});
