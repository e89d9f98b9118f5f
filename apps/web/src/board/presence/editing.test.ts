import { describe, expect, it } from 'vitest';
import { describeEditing } from './editing';

describe('describeEditing', () => {
  it('puts what a peer is editing into words', () => {
    expect(describeEditing(null)).toBeNull();
    expect(describeEditing('finding:abc')).toBe('editing a finding');
    expect(describeEditing('narrative:lessons')).toBe('writing the lessons learned');
    expect(describeEditing('narrative:unknown')).toBe('writing the narrative');
    expect(describeEditing('title')).toBe('editing the title');
    expect(describeEditing('something-new:1')).toBe('editing');
  });
});
