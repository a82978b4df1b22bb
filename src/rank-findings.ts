import { SEVERITY_RANK, type Finding, type RuleDescriptor } from './model/index.js';
import type { LoadedRule } from './rules/load.js';
import { compareFindings, rankFindings } from './graph/index.js';

/** One rule's findings in the scan's findings list: [start, end), in resource order when `inResourceOrder`. */
export interface RuleSegment {
  ruleId: string;
  start: number;
  end: number;
  inResourceOrder: boolean;
}

/**
 * The resource rules' findings as segments, one per rule, from evaluateRules's output order (rule order, then kind
 * order, then resource order) and its counts. `offset`: where they start in the scan's findings; `trailing`: how many
 * other findings follow them. A rule of one kind has its findings in resource order, which after the canonical
 * ordering of the inventory is resource id order.
 */
export function segmentsOf(rules: readonly LoadedRule[], descriptors: readonly RuleDescriptor[], offset: number, findings: readonly Finding[], trailing = 0): RuleSegment[] | undefined {
  const segments: RuleSegment[] = [];
  let start = offset;
  for (let i = 0; i < rules.length; i++) {
    const end = start + descriptors[i].counts.fail + descriptors[i].counts.unknown;
    segments.push({ ruleId: rules[i].id, start, end, inResourceOrder: rules[i].kinds.length === 1 });
    start = end;
  }
  // the counts must account for every finding, else the layout is not what it is assumed to be
  return start + trailing === offset + findings.length ? segments : undefined;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const GROUPS = 2 * (Math.max(...Object.values(SEVERITY_RANK)) + 1);

/**
 * The findings in compareFindings order (src/graph/rank.ts), the same as rankFindings gives, without comparing the
 * millions of resource findings with each other: the rules' segments are ranked by rankedList, the findings outside
 * them (attack paths) with compareFindings, and everything with the general sort when the segments do not describe
 * the list (no segments, two rules of one id, a resource finding outside them). Ties come out in the order they came
 * in, as with a stable sort.
 *
 * The list is the scan's own: it is reordered in place and returned, through the ranked list, which is garbage after
 * (23 MB at 2.87 M findings, at the scan's memory peak); the general sort returns a sorted copy.
 */
export function rankBySegments(findings: Finding[], segments: readonly RuleSegment[] | undefined): Finding[] {
  if (!segments) return rankFindings(findings);
  const inSegment = new Uint8Array(findings.length);
  for (const segment of segments) inSegment.fill(1, segment.start, segment.end);
  const rest: Finding[] = [];
  for (let i = 0; i < findings.length; i++) if (!inSegment[i]) rest.push(findings[i]);
  const ranked = rankedList(segments.map((segment) => segmentFindings(findings, segment)), rest);
  if (!ranked) return rankFindings(findings);
  for (let i = 0; i < ranked.length; i++) findings[i] = ranked[i];
  return findings;
}

/** A segment of the list as one rule's findings, for rankedList. */
function segmentFindings(findings: readonly Finding[], segment: RuleSegment): RuleFindings {
  return {
    ruleId: segment.ruleId,
    count: segment.end - segment.start,
    inResourceOrder: segment.inResourceOrder,
    forEach: (visit) => {
      for (let i = segment.start; i < segment.end; i++) visit(findings[i]);
    },
  };
}

/**
 * The positions of the findings by resource id, then fingerprint (stable). Each resource id is read once: a resource
 * finding makes its reference on every read.
 */
function inResourceOrder(findings: readonly Finding[]): number[] {
  const ids = findings.map((f) => f.resource.id);
  const positions = ids.map((_, k) => k);
  return positions.sort((a, b) => cmp(ids[a], ids[b]) || cmp(findings[a].fingerprint, findings[b].fingerprint));
}

/** The sum of the first `count` sizes. */
function sum(sizes: readonly number[], count: number): number {
  let total = 0;
  for (let g = 0; g < count; g++) total += sizes[g];
  return total;
}

/** Worst severity first, then findings on a path before the others (compareFindings's leading keys after type). */
function groupOf(f: Finding): number {
  return (GROUPS / 2 - 1 - SEVERITY_RANK[f.severity]) * 2 + (f.onPaths.length ? 0 : 1);
}

/** One rule's findings as the rules stage holds them, before they are put in a list. */
export interface RuleFindings {
  ruleId: string;
  count: number;
  /** the findings come in resource order (a rule of one kind), else they are put in it */
  inResourceOrder: boolean;
  /** calls `visit` with each finding, in the order the rule made them */
  forEach(visit: (finding: Finding) => void): void;
}

/**
 * The rules' findings and then `after` (attack paths) in one list in compareFindings order, placed straight into it:
 * the rules, in rule id order, each in resource order, have their findings dealt into the (severity, on a path)
 * groups compareFindings leads with, which keeps rule and resource order within each group (no string comparison;
 * each finding's place is counted first), after the attack paths sorted with compareFindings. Undefined (the caller
 * takes the general sort) when two rules have one id or `after` holds a resource finding, which would have to be
 * merged into the groups. The scan's rules stage calls it on the rules' own chunks, so no list of their findings is
 * made to be ranked (at 2.87 M findings 22 MiB at the scan's memory peak).
 */
export function rankedList(rules: readonly RuleFindings[], after: readonly Finding[]): Finding[] | undefined {
  const ordered = [...rules].sort((a, b) => cmp(a.ruleId, b.ruleId));
  for (let i = 1; i < ordered.length; i++) if (ordered[i - 1].ruleId === ordered[i].ruleId) return undefined;
  for (let i = 0; i < after.length; i++) if (after[i].type !== 'path') return undefined;
  let total = after.length;
  for (const rule of ordered) total += rule.count;
  // the group of each rule finding, in the order they are visited (rule id order, then the rule's own)
  const group = new Uint8Array(total - after.length);
  const groupSizes = new Array<number>(GROUPS).fill(0);
  let j = 0;
  for (const rule of ordered) rule.forEach((f) => groupSizes[(group[j++] = groupOf(f))]++);
  const list: Finding[] = new Array(total);
  const paths = after.slice().sort(compareFindings);
  for (let i = 0; i < paths.length; i++) list[i] = paths[i];
  const next = groupSizes.map((_, g) => paths.length + sum(groupSizes, g));
  j = 0;
  for (const rule of ordered) {
    if (rule.inResourceOrder) {
      rule.forEach((f) => (list[next[group[j++]]++] = f));
      continue;
    }
    const own: Finding[] = new Array(rule.count);
    let k = 0;
    rule.forEach((f) => (own[k++] = f));
    const first = j;
    for (const i of inResourceOrder(own)) list[next[group[first + i]]++] = own[i];
    j += own.length;
  }
  return list;
}
