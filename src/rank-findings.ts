import { SEVERITY_RANK, type Finding, type RuleDescriptor } from './model/index.js';
import type { LoadedRule } from './rules/load.js';
import { compareFindings, rankFindings } from './graph/index.js';
import { uint8s } from './typed-arrays.js';

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
 * millions of resource findings with each other. compareFindings orders them by severity, lying on a path, rule id,
 * resource id, fingerprint. Taking the rules' segments in rule id order, each in resource order, and dealing their
 * findings into the (severity, on a path) groups keeps rule and resource order within each group: no string
 * comparison, and each finding's place is counted first. Findings outside the segments (attack paths) are ranked
 * with compareFindings, as is everything when the segments do not describe the list. Ties come out in the order they
 * came in, as with a stable sort.
 *
 * The list is the scan's own: it is reordered in place and returned, through a second list that is garbage after
 * (23 MB at 2.87 M findings, at the scan's memory peak); the general sort returns a sorted copy.
 */
export function rankBySegments(findings: Finding[], segments: readonly RuleSegment[] | undefined): Finding[] {
  if (!segments) return rankFindings(findings);
  const ordered = [...segments].sort((a, b) => cmp(a.ruleId, b.ruleId));
  for (let i = 1; i < ordered.length; i++) if (ordered[i - 1].ruleId === ordered[i].ruleId) return rankFindings(findings);
  const group = uint8s(findings.length).fill(NO_GROUP);
  const groupSizes = new Array<number>(GROUPS).fill(0);
  for (const segment of ordered) {
    for (let i = segment.start; i < segment.end; i++) groupSizes[(group[i] = groupOf(findings[i]))]++;
  }
  const rest: number[] = [];
  for (let i = 0; i < findings.length; i++) {
    if (group[i] !== NO_GROUP) continue;
    // a resource finding outside the segments would have to be merged into the groups: take the general sort
    if (findings[i].type !== 'path') return rankFindings(findings);
    rest.push(i);
  }
  // each finding is dealt to the next place of its group: the groups fill front to back, so the writes are a few
  // sequential streams (moving findings along the permutation's cycles in place reads and writes at random: 0.2 s at
  // 10^6), and the placed list is copied back into the scan's own
  const placed: Finding[] = new Array(findings.length);
  rest.sort((a, b) => compareFindings(findings[a], findings[b])).forEach((from, k) => (placed[k] = findings[from]));
  const next = groupSizes.map((_, g) => rest.length + sum(groupSizes, g));
  for (const segment of ordered) {
    if (segment.inResourceOrder) {
      for (let i = segment.start; i < segment.end; i++) placed[next[group[i]]++] = findings[i];
    } else {
      for (const i of inResourceOrder(findings, segment.start, segment.end)) placed[next[group[i]]++] = findings[i];
    }
  }
  for (let i = 0; i < placed.length; i++) findings[i] = placed[i];
  return findings;
}

const NO_GROUP = 255;

/**
 * The positions start..end-1 of the findings by resource id, then fingerprint (stable). Each resource id is read once:
 * a resource finding makes its reference on every read.
 */
function inResourceOrder(findings: readonly Finding[], start: number, end: number): number[] {
  const ids: string[] = [];
  for (let i = start; i < end; i++) ids.push(findings[i].resource.id);
  const positions = ids.map((_, k) => start + k);
  return positions.sort((a, b) => cmp(ids[a - start], ids[b - start]) || cmp(findings[a].fingerprint, findings[b].fingerprint));
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
 * what rankBySegments gives for their list with segmentsOf, without that list. rankBySegments needs a second list to
 * deal the findings into, garbage after (at 2.87 M findings 22 MiB at the scan's memory peak), and the list it ranks
 * was itself a copy of the rules' own chunks. Undefined (the caller lists and ranks them) when two rules have one id
 * or `after` holds a resource finding, where rankBySegments takes the general sort.
 */
export function rankedList(rules: readonly RuleFindings[], after: readonly Finding[]): Finding[] | undefined {
  const ordered = [...rules].sort((a, b) => cmp(a.ruleId, b.ruleId));
  for (let i = 1; i < ordered.length; i++) if (ordered[i - 1].ruleId === ordered[i].ruleId) return undefined;
  for (let i = 0; i < after.length; i++) if (after[i].type !== 'path') return undefined;
  let total = after.length;
  for (const rule of ordered) total += rule.count;
  // the group of each rule finding, in the order they are visited (rule id order, then the rule's own)
  const group = uint8s(total - after.length);
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
    for (const i of inResourceOrder(own, 0, own.length)) list[next[group[first + i]]++] = own[i];
    j += own.length;
  }
  return list;
}
