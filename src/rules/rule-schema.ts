import { z } from 'zod';
import { CATEGORIES, KIND_NAMES, isCategory, isKind } from '../model/kinds.js';
import { Severity } from '../model/severity.js';

export const RULE_ID_PATTERN = /^[A-Z][A-Z0-9]*(-[A-Z][A-Z0-9]*)*-\d{3}$/

/** A partial resource, merged over a valid default resource of the rule's kind (a category rule's example names its kind). */
const Example = z.record(z.string(), z.unknown()).describe('partial resource; fields left out take a minimal valid default');

export const RuleFrameworks = z
  .strictObject({
    mitreAtlas: z.array(z.string().regex(/^AML\.T\d{4}(\.\d{3})?$/, 'a MITRE ATLAS technique id like AML.T0020')).default([]),
    owaspMl: z.array(z.string().regex(/^ML(0[1-9]|10):2023$/, 'an OWASP ML Top 10 id like ML02:2023')).default([]),
    owaspLlm: z.array(z.string().regex(/^LLM(0[1-9]|10):2025$/, 'an OWASP LLM Top 10 id like LLM04:2025')).default([]),
  })
  .describe('framework mappings');

export const RuleFile = z
  .strictObject({
    id: z.string().regex(RULE_ID_PATTERN, 'an id like AWS-S3-001 (upper-case words and a 3-digit number)').describe('unique rule id; the file name starts with it'),
    title: z.string().min(1).describe('one line, says what is wrong'),
    severity: Severity,
    resource: z
      .string()
      .refine((v) => isKind(v) || isCategory(v), { message: `a resource kind (${KIND_NAMES.join(', ')}) or a category (${CATEGORIES.join(', ')})` })
      .describe('resource kind (e.g. aws.s3.bucket) or category (e.g. storage.bucket) the rule applies to'),
    condition: z.string().min(1).describe('CEL expression over `resource`; TRUE means the resource is MISCONFIGURED (finding status fail)'),
    message: z.string().min(1).describe('finding message; {{resource.name}}-style placeholders read resource fields'),
    description: z.string().min(1).describe('the risk: why this matters'),
    remediation: z.string().min(1).describe('how to fix it'),
    references: z.array(z.url()).default([]).describe('documentation URLs'),
    frameworks: RuleFrameworks.default({ mitreAtlas: [], owaspMl: [], owaspLlm: [] }),
    tags: z.array(z.string().min(1)).default([]),
    examples: z
      .strictObject({
        fail: z.array(Example).default([]).describe('resources the rule must report'),
        pass: z.array(Example).default([]).describe('resources the rule must not report'),
        unknown: z.array(Example).default([]).describe('resources with gaps for which the rule must report unknown'),
      })
      .default({ fail: [], pass: [], unknown: [] })
      .describe('examples, run as tests'),
  })
  .describe('aispm resource rule');
export type RuleFile = z.infer<typeof RuleFile>;

export const RULE_FIELDS = Object.keys(RuleFile.shape);

/** JSON Schema of a rule file for editors (yaml-language-server, VS Code). */
export function ruleJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(RuleFile, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  const props = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
  // refine() is not representable; spell out the allowed values for editors
  props.resource = { ...props.resource, anyOf: [{ enum: KIND_NAMES }, { enum: [...CATEGORIES] }] };
  return { $id: 'https://github.com/aispm/aispm/rules/rule.schema.json', title: 'aispm rule', ...schema };
}

export function ruleJsonSchemaText(): string {
  return JSON.stringify(ruleJsonSchema(), null, 2) + '\n';
}
