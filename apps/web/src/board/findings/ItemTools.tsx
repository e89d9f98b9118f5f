import type { useDraggable } from '@dnd-kit/core';
import { GripIcon, TargetIcon } from '../../ui/icons';
import './item-tools.css';

/** The handle that picks up a note or a group (pointer drag, or Space with the keyboard). */
export function DragHandle({
  draggable,
  label,
  title,
  roleDescription,
  testId,
}: {
  draggable: ReturnType<typeof useDraggable>;
  label: string;
  title: string;
  roleDescription: string;
  testId?: string;
}) {
  return (
    <button
      type="button"
      className="icon-button drag-handle"
      aria-label={label}
      title={title}
      ref={draggable.setActivatorNodeRef}
      data-testid={testId}
      {...draggable.attributes}
      aria-roledescription={roleDescription}
      {...draggable.listeners}
    >
      <GripIcon />
    </button>
  );
}

/** The toggle that promotes a note or a group to root-cause candidate, or demotes it. */
export function RootCauseToggle({
  isCandidate,
  label,
  promoteTitle,
  testId,
  onToggle,
}: {
  isCandidate: boolean;
  label: string;
  promoteTitle: string;
  testId: string;
  onToggle: () => void;
}) {
  return (
    <button
      type="button"
      className={isCandidate ? 'icon-button rc-toggle rc-toggle--on' : 'icon-button rc-toggle'}
      aria-pressed={isCandidate}
      aria-label={label}
      title={isCandidate ? 'Root-cause candidate: click to demote' : promoteTitle}
      data-testid={testId}
      onClick={onToggle}
    >
      <TargetIcon />
    </button>
  );
}
