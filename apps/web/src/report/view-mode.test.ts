import { describe, expect, it } from 'vitest';
import { searchFor, viewFor } from './view-mode';

describe('viewFor', () => {
  it('shows viewers the report and editors and facilitators the board by default', () => {
    expect(viewFor('viewer', '')).toBe('report');
    expect(viewFor('editor', '')).toBe('board');
    expect(viewFor('facilitator', '?other=1')).toBe('board');
  });

  it('follows ?view= when it names a view, and ignores anything else', () => {
    expect(viewFor('facilitator', '?view=report')).toBe('report');
    expect(viewFor('viewer', '?view=board')).toBe('board');
    expect(viewFor('viewer', '?view=nonsense')).toBe('report');
  });
});

describe('searchFor', () => {
  it('drops the parameter for the role’s default view and sets it otherwise, keeping other parameters', () => {
    expect(searchFor('report', 'editor', '')).toBe('?view=report');
    expect(searchFor('board', 'editor', '?view=report')).toBe('');
    expect(searchFor('board', 'viewer', '?a=1')).toBe('?a=1&view=board');
    expect(searchFor('report', 'viewer', '?a=1&view=board')).toBe('?a=1');
  });
});
