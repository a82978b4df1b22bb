import { describe, expect, it } from 'vitest';
import { syntheticInventoryParts } from '../../bench/synthetic-inventory.js';
import { demoInventory } from '../helpers/scan-fixture.js';
import { makeFinding } from '../helpers/findings.js';
import { analyzeInventory } from '../../src/scan.js';
import { loadRuleSet } from '../../src/rules/load.js';
import { fingerprintOf } from '../../src/rules/evaluate.js';
import { renderMessage } from '../../src/rules/message.js';
import { ResourceFinding } from '../../src/rules/resource-finding.js';
import { Inventory, plainFinding, type Finding, type Resource, type ScanResult } from '../../src/model/index.js';
import { postProcessResult } from '../../src/history/baseline.js';
import { applyBaseline } from '../../src/history/diff.js';
import { linkFindingsToPaths } from '../../src/graph/index.js';
import { jsonDocumentChunks } from '../../src/model/stream/json-chunks.js';
import { REPORTER_NAMES, REPORTERS } from '../../src/reporters/index.js';

const rules = loadRuleSet().rules;
const ruleById = new Map(rules.map((r) => [r.id, r]));
const analyze = (inventory: Inventory) => analyzeInventory(inventory, { rules, now: () => new Date('2026-11-20T08:00:00.000Z') });

const synthetic = (n: number, seed: number) => {
  const parts = syntheticInventoryParts(n, seed);
  return Inventory.parse({ ...parts, resources: [...(parts.resources as Iterable<unknown>)], edges: [...(parts.edges as Iterable<unknown>)] });
};

/** The object literal a resource finding was before it read its rule's fields and made its message and fingerprint lazily. */
function eagerFinding(f: Finding, resource: Resource): Finding {
  const rule = ruleById.get(f.ruleId)!;
  const def = rule.def;
  return {
    ruleId: rule.id,
    title: def.title,
    severity: def.severity,
    status: f.status,
    type: 'resource',
    resource: { id: resource.id, kind: resource.kind, provider: resource.provider, account: resource.account, region: resource.region, name: resource.name },
    message: f.status === 'fail' ? renderMessage(def.message, resource) : `Could not decide "${def.title}" for ${resource.name}: ${f.unknownFields.map((u) => `${u.path} (${u.reason})`).join('; ')}`,
    remediation: def.remediation,
    evidence: f.evidence,
    unknownFields: f.unknownFields,
    frameworks: def.frameworks,
    tags: def.tags,
    references: def.references,
    fingerprint: fingerprintOf(rule.id, resource.id),
    onPaths: f.onPaths,
  };
}

/** The result with every resource finding replaced by its eager object literal. */
function eagerForm(result: ScanResult): ScanResult {
  const byId = new Map(result.inventory.resources.map((r) => [r.id, r]));
  return { ...result, findings: result.findings.map((f) => (f instanceof ResourceFinding ? eagerFinding(f, byId.get(f.resource.id)!) : f)) };
}

const resourceFindings = (result: ScanResult) => result.findings.filter((f): f is ResourceFinding => f instanceof ResourceFinding);

const OLD_KEYS = ['ruleId', 'title', 'severity', 'status', 'type', 'resource', 'message', 'remediation', 'evidence', 'unknownFields', 'frameworks', 'tags', 'references', 'fingerprint', 'onPaths'];

describe('resource findings (ResourceFinding)', () => {
  it('keep as own fields only what differs per finding, and read the rest from the rule', () => {
    const result = analyze(demoInventory());
    const found = resourceFindings(result);
    expect(found.length).toBeGreaterThan(10);
    expect(found.length).toBe(result.findings.filter((f) => f.type === 'resource').length);
    expect(found.some((f) => f.status === 'unknown')).toBe(true);
    expect(found.some((f) => f.onPaths.length)).toBe(true);
    for (const f of found) expect(Object.keys(f).sort()).toEqual([...(f.status === 'fail' ? [] : ['unknownFields']), ...(f.onPaths.length ? ['onPaths'] : [])].sort());
    for (const f of found.filter((x) => x.status === 'fail')) expect(f.unknownFields).toEqual([]);
  });

  it('make the resource reference from the resource on every read, and keep one set later in its place', () => {
    const result = analyze(demoInventory());
    const byId = new Map(result.inventory.resources.map((r) => [r.id, r]));
    const [f, g] = resourceFindings(result);
    expect(f.resource).toEqual(eagerFinding(f, byId.get(f.resource.id)!).resource);
    expect(Object.keys(f.resource)).toEqual(['id', 'kind', 'provider', 'account', 'region', 'name']);
    const other = { ...g.resource };
    f.resource = other;
    expect(f.resource).toBe(other);
    expect(Object.keys(f.toJSON())).toEqual(OLD_KEYS);
    expect(f.toJSON().resource).toBe(other);
  });

  it('read the evidence from the kind they share with the findings of their rule showing the same list, and keep one set later in its place', () => {
    const found = resourceFindings(analyze(synthetic(3_000, 3)));
    const sameList = found.filter((f) => f.ruleId === 'AWS-S3-001');
    expect(sameList.length).toBeGreaterThan(10);
    expect(new Set(sameList.map((f) => f.evidence)).size).toBeLessThan(sameList.length);
    const [f, g] = found;
    const list = [{ path: 'x', value: 1 }];
    f.evidence = list;
    expect(f.evidence).toBe(list);
    expect(g.evidence).not.toBe(list);
    expect(Object.keys(f.toJSON())).toEqual(OLD_KEYS);
    expect(f.toJSON().evidence).toBe(list);
  });

  it('render the message on every read and the fingerprint on first read exactly as eagerly', () => {
    for (const inventory of [demoInventory(), synthetic(3_000, 3)]) {
      const result = analyze(inventory);
      const byId = new Map(result.inventory.resources.map((r) => [r.id, r]));
      const found = resourceFindings(result);
      expect(found.some((f) => f.status === 'unknown')).toBe(true);
      // read in the reverse of the order they were made: the message heads shared between findings must not leak
      for (const f of [...found].reverse()) {
        const eager = eagerFinding(f, byId.get(f.resource.id)!);
        expect(f.message).toBe(eager.message);
        expect(f.fingerprint).toBe(eager.fingerprint);
        expect(f.message).toBe(f.message);
      }
    }
  });

  it('toJSON gives the keys of the old object literal in its order, then the fields set later in the order they were set', () => {
    const found = resourceFindings(analyze(demoInventory()));
    const f = found.find((x) => x.status === 'fail')!;
    const undecided = found.find((x) => x.status === 'unknown')!;
    expect(Object.keys(f.toJSON())).toEqual(OLD_KEYS);
    expect(Object.keys(undecided.toJSON())).toEqual(OLD_KEYS);
    undecided.lastSeen = 'b';
    undecided.onPaths = ['p'];
    expect(Object.keys(undecided.toJSON())).toEqual([...OLD_KEYS, 'lastSeen']);
    const suppressed = { ...plainFinding(f), suppressed: { reason: 'r', matchedBy: 'm' } };
    suppressed.baselineState = 'new';
    suppressed.firstSeen = 'a';
    suppressed.lastSeen = 'b';
    expect(Object.keys(suppressed)).toEqual([...OLD_KEYS, 'suppressed', 'baselineState', 'firstSeen', 'lastSeen']);
    f.firstSeen = 'a';
    f.lastSeen = 'b';
    f.baselineState = 'updated';
    expect(Object.keys(f.toJSON())).toEqual([...OLD_KEYS, 'firstSeen', 'lastSeen', 'baselineState']);
  });

  it('JSON.stringify and the streamed JSON of a scan result are the same text as with the eager object literals', () => {
    for (const inventory of [demoInventory(), synthetic(2_000, 5)]) {
      const result = analyze(inventory);
      const plain = eagerForm(result);
      expect(JSON.stringify(result)).toBe(JSON.stringify(plain));
      expect([...jsonDocumentChunks(result)].join('')).toBe(`${JSON.stringify(plain, null, 2)}\n`);
    }
  });

  it('every output format is the same as with the eager object literals', async () => {
    const result = analyze(demoInventory());
    const plain = eagerForm(result);
    for (const name of REPORTER_NAMES) {
      const render = (r: ScanResult) => REPORTERS[name].render(r, { color: false });
      expect(await render(result), name).toBe(await render(plain));
    }
  });

  it('suppressions and the baseline give the same findings as on the eager object literals: no field lost in a copy', () => {
    const scan = () => analyze(synthetic(1_000, 9));
    const lazy = scan();
    const plain = eagerForm(scan());
    expect(JSON.stringify(lazy)).toBe(JSON.stringify(plain));
    // the previous scan: a finding gone since (absent), one that changed severity (updated), the rest unchanged, some new
    const previous = [makeFinding('AWS-S3-999', 'arn:aws:s3:::gone'), ...plain.findings.slice(0, 200).map((f, i) => (i === 7 ? { ...f, severity: f.severity === 'low' ? 'high' : 'low' } : f))] as Finding[];
    const input = () => ({
      suppressions: [{ rule: 'AWS-S3-0*', reason: 'accepted' }, { resource: '*bucket-1*', reason: 'scratch', expires: '2099-01-01' }],
      previous: { scanId: 's1', findings: previous },
      firstSeen: new Map([[plain.findings[3].fingerprint, '2026-01-01T00:00:00.000Z']]),
      now: new Date('2026-11-20T08:00:00.000Z'),
    });
    const after = postProcessResult(lazy, input());
    const afterPlain = postProcessResult(plain, input());
    const states = new Set(after.findings.map((f) => f.baselineState));
    expect([...states].sort()).toEqual(['new', 'unchanged', 'updated']);
    expect(after.findings.filter((f) => f.suppressed && f.type === 'resource').length).toBeGreaterThan(0);
    expect(after.fixed.map((f) => f.baselineState)).toEqual(['absent']);
    expect(JSON.stringify(after)).toBe(JSON.stringify(afterPlain));
    for (const f of after.findings.filter((x) => x.suppressed)) expect(Object.keys(f).slice(-4)).toEqual(['suppressed', 'baselineState', 'firstSeen', 'lastSeen']);
  });

  it('copies made by linking to paths and by the baseline keep the message, fingerprint and rule fields', () => {
    const result = analyze(synthetic(1_000, 9));
    const paths = result.findings.filter((f) => f.type === 'path');
    const found = resourceFindings(result);
    const onPath = found.filter((f) => f.onPaths.length);
    expect(onPath.length).toBeGreaterThan(0);
    const linked = linkFindingsToPaths(onPath, paths);
    expect(linked.every((f, i) => f !== onPath[i])).toBe(true);
    expect(JSON.stringify(linked)).toBe(JSON.stringify(onPath));
    const absent = applyBaseline([], found.slice(0, 5), 'now', () => undefined).absent;
    expect(absent.map((f) => JSON.stringify({ ...f, baselineState: undefined }))).toEqual(found.slice(0, 5).map((f) => JSON.stringify(f)));
    for (const f of [...linked, ...absent]) for (const key of OLD_KEYS) expect(Object.hasOwn(f, key), key).toBe(true);
  });
});
