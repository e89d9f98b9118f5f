export * from './schema';
export * from './labels';
export { REVIEW_LIMITS, ReviewInputError } from './validate';
export { newId } from './ids';
export { applyTextDiff, textDiff } from './text';
export type { TextSplice } from './text';
export { initReview, isReviewInitialised, REVIEW_DEFAULTS } from './doc';
export type { ReviewInit } from './doc';
export { keyTimesByInstant, readMeta, setKeyTime, setSeverity, setTitle, titleText } from './meta';
export {
  addTimelineEvent,
  listTimeline,
  removeTimelineEvent,
  timelineEventText,
  updateTimelineEvent,
} from './timeline';
export type { TimelineEventInput, TimelineEventPatch } from './timeline';
export { addEventContext, addMissingEventContexts, countEventsWithoutContext, eventContextText } from './event-context';
export {
  citedEvent,
  EVENT_ID_PATTERN,
  EVENT_REF_ATTR,
  EVENT_REF_NODE,
  isEventId,
  REMOVED_EVENT_LABEL,
} from './citations';
export { keyTimesAsOf, knownAt, knownFrom, scrubRange, unseenAt } from './as-of';
export {
  addFinding,
  findingText,
  listFindings,
  moveFinding,
  recordFindingEditor,
  removeFinding,
  setFindingGroup,
  updateFinding,
} from './findings';
export type { FindingInput, FindingPatch } from './findings';
export {
  ACTION_DEFAULTS,
  actionTitleText,
  addAction,
  linkActionToFinding,
  linkActionToRootCause,
  listActions,
  removeAction,
  unlinkActionFromFinding,
  unlinkActionFromRootCause,
  updateAction,
  FOLLOW_UP_FIELDS,
  isFollowUpValue,
  isOverdue,
  isUnfinished,
} from './actions';
export type { ActionInput, ActionPatch, FollowUpField, FollowUpPatch } from './actions';
export { narrativeFragment, narrativeText } from './narrative';
export {
  detectionLearnedAt,
  durationViews,
  findingsByCategory,
  formatDuration,
  incidentDurations,
  learnedGapMs,
  learnedGapText,
  sortTimeline,
} from './metrics';
export type { DurationName, DurationView, IncidentDurations, LearnedEvent } from './metrics';
export { observeReview } from './observe';
export { reviewSnapshot } from './snapshot';
export type { ReviewSnapshot } from './snapshot';
export * from './groups';
export * from './root-causes';
export * from './coverage';
export * from './health';
export * from './timeline-import';
export { zonedTimeToIso, zoneFormatter } from './zoned-time';
export { createBoardUndoManager, undoScope } from './undo';
export {
  CONTROL_DEFAULTS,
  applyControlPatch,
  closeReview,
  observeControl,
  readControl,
  reopenReview,
  writeTallies,
  writeVoters,
  beginVotingRound,
} from './control';
export type { ControlPatch } from './control';
export { narrativeRootName, ROOT_NAMES, SERVER_OWNED_ROOTS } from './doc';
export {
  editAnonymousFinding,
  isAnonymousFinding,
  publishAnonymousFindings,
  removeAnonymousFinding,
} from './anonymous';
export type { AnonymousFindingInput, AnonymousFindingPatch } from './anonymous';
export { isDueDate, parseIsoTimestamp } from './validate';
export * from './export';
export * from './hints';
// Test and demo fixtures (the sample incident) are in `@hindsight/review/testing`.
export { reviewSearchText, reviewSummary, SEARCH_SECTIONS, SEARCH_TEXT_MAX_CHARS } from './space-summary';
export type { ReviewSummaryData, SearchSection, SearchText, SummaryAction } from './space-summary';
