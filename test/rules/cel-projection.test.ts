import { describe, expect, it } from 'vitest';
import { compileCondition } from '../../src/rules/cel.js';
import { pickFields, topLevelFieldsRead } from '../../src/rules/cel-projection.js';

const fields = (expression: string) => {
  const keys = topLevelFieldsRead(compileCondition(expression).ast);
  return keys ? [...keys].sort() : undefined;
};

describe('topLevelFieldsRead', () => {
  it('collects the top-level fields of static member chains, has() tests and string indexes', () => {
    expect(fields('!resource.versioning.enabled && has(resource.policy.statements)')).toEqual(['policy', 'versioning']);
    expect(fields('resource["access"].publicRead || resource.inputs.exists(i, i.s3Uri.startsWith("s3://"))')).toEqual(['access', 'inputs']);
    expect(fields('true')).toEqual([]);
  });

  it('gives up (any field) when the whole resource is used or indexed with a computed key', () => {
    expect(fields('size(resource) > 3')).toBeUndefined();
    expect(fields('resource[resource.name] == 1')).toBeUndefined();
    expect(fields('[1].exists(resource, resource == 1)')).toBeUndefined();
  });
});

describe('pickFields', () => {
  it('keeps only the listed fields that are present and defined', () => {
    expect(pickFields({ a: 1, b: undefined, c: 3 }, new Set(['a', 'b', 'd']))).toEqual({ a: 1 });
    const whole = { a: 1 };
    expect(pickFields(whole, undefined)).toBe(whole);
  });
});
