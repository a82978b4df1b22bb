import { describe, expect, it } from 'vitest';
import { messageRenderer, renderMessage } from '../../src/rules/message.js';

describe('message templates', () => {
  it('renders templates that begin alike for one resource and the next, each with its own rest', () => {
    const versioning = messageRenderer('Bucket {{resource.name}} keeps no versions ({{resource.versioning.status}})');
    const logging = messageRenderer('Bucket {{resource.name}} writes no logs');
    const a = { name: 'a', versioning: { status: 'Suspended' } };
    const b = { name: 'b', versioning: { status: null } };
    expect(versioning(a)).toBe('Bucket a keeps no versions (Suspended)');
    expect(logging(a)).toBe('Bucket a writes no logs');
    expect(logging(b)).toBe('Bucket b writes no logs');
    expect(versioning(b)).toBe('Bucket b keeps no versions (<none>)');
  });

  it('follows a value that changes in place, and renders lists and missing values', () => {
    const render = messageRenderer('Role {{resource.name}} can pass roles');
    const role: { name: unknown } = { name: 'r1' };
    expect(render(role)).toBe('Role r1 can pass roles');
    role.name = 'r2';
    expect(render(role)).toBe('Role r2 can pass roles');
    role.name = ['x', 'y'];
    expect(render(role)).toBe('Role x, y can pass roles');
    role.name = undefined;
    expect(render(role)).toBe('Role <none> can pass roles');
    expect(renderMessage('{{resource.name}} is public', { name: 'n' })).toBe('n is public');
    expect(renderMessage('No placeholder', { name: 'n' })).toBe('No placeholder');
  });
});
