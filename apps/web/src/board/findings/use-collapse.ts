import { useLayoutEffect, useState, type RefObject } from 'react';

/** A note longer than this many lines is collapsed (to the height set in finding-note.css, 6 lines). */
const COLLAPSE_FROM_LINES = 8;

/**
 * Whether a note's text is long enough to collapse, measured on its element (the text's full
 * height against its line height, again when the text or the width changes), and whether the
 * reader asked to see all of it.
 */
export function useCollapse(ref: RefObject<HTMLElement | null>, text: string) {
  const [long, setLong] = useState(false);
  const [expanded, setExpanded] = useState(false);

  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = () => {
      const lineHeight = parseFloat(getComputedStyle(element).lineHeight) || 20;
      setLong(element.scrollHeight > lineHeight * COLLAPSE_FROM_LINES);
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref, text]);

  return { long, expanded, toggle: () => setExpanded((open) => !open) };
}
