/**
 * Capability roles carried by a review token, strongest first. A follow-up holder reads the board
 * and may change only the follow-through fields of existing action items (status, owner, due date,
 * progress note), before and after the review is closed; it ranks above a viewer and below an editor.
 */
export const ROLES = ['facilitator', 'editor', 'follow-up', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** What each role is called, wherever a role is shown. */
export const ROLE_LABELS: Record<Role, string> = {
  facilitator: 'Facilitator',
  editor: 'Editor',
  'follow-up': 'Follow-up',
  viewer: 'Viewer',
};

const RANK: Record<Role, number> = { facilitator: 4, editor: 3, 'follow-up': 2, viewer: 1 };

/** True when `role` grants at least what `required` grants. */
export function hasRole(role: Role, required: Role): boolean {
  return RANK[role] >= RANK[required];
}

/** True when the role may change the review document (anywhere, while the review is open). */
export function canWrite(role: Role): boolean {
  return hasRole(role, 'editor');
}

/**
 * True when the role may change action items' follow-through fields (see `FOLLOW_UP_FIELDS` in the
 * review package): the facilitator and a follow-up link, also after the review is closed.
 */
export function canFollowUp(role: Role): boolean {
  return role === 'facilitator' || role === 'follow-up';
}
