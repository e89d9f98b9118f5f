import type { SectionProps } from '../section';

/** Placeholder until this section is built. */
export function NarrativeSection(_props: SectionProps) {
  return (
    <section className="card" aria-label="Narrative">
      <h2>Narrative</h2>
    </section>
  );
}
