import type { SectionProps } from '../section';

/** Placeholder until this section is built. */
export function TimelineSection(_props: SectionProps) {
  return (
    <section className="card" aria-label="Timeline">
      <h2>Timeline</h2>
    </section>
  );
}
