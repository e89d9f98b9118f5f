/** Capability roles carried by a review token, strongest first. */
export const ROLES = ['facilitator', 'editor', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** What each role is called, wherever a role is shown. */
export const ROLE_LABELS: Record<Role, string> = { facilitator: 'Facilitator', editor: 'Editor', viewer: 'Viewer' };

const RANK: Record<Role, number> = { facilitator: 3, editor: 2, viewer: 1 };

/** True when `role` grants at least what `required` grants. */
export function hasRole(role: Role, required: Role): boolean {
  return RANK[role] >= RANK[required];
}

/** True when the role may change the review document. */
export function canWrite(role: Role): boolean {
  return hasRole(role, 'editor');
}
