import type { SectionProps } from '../section';

/** Placeholder until this section is built. */
export function ActionsSection(_props: SectionProps) {
  return (
    <section className="card" aria-label="Action items">
      <h2>Action items</h2>
    </section>
  );
}
