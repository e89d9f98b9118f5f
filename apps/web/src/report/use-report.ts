import { useEffect, useState } from 'react';
import type * as Y from 'yjs';
import { observeReview } from '@hindsight/review';
import { localDateKey } from '../board/actions/action-view';
import { readReport, reuseUnchanged, type ReportModel } from './report-model';

/**
 * The report of `doc`, kept current. Changes are gathered per animation frame: a burst of typing
 * (one transaction per keystroke, from many people) re-reads the document at most once a frame,
 * and parts that did not change keep their objects, so only the section being edited re-renders.
 */
export function useReport(doc: Y.Doc): ReportModel {
  const [report, setReport] = useState(() => readReport(doc, localDateKey()));
  useEffect(() => {
    let frame = 0;
    const refresh = () => {
      frame = 0;
      setReport((previous) => reuseUnchanged(previous, readReport(doc, localDateKey())));
    };
    refresh();
    const stop = observeReview(doc, () => {
      if (frame === 0) frame = requestAnimationFrame(refresh);
    });
    return () => {
      stop();
      if (frame !== 0) cancelAnimationFrame(frame);
    };
  }, [doc]);
  return report;
}
