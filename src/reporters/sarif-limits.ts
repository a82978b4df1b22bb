import type { Finding, ScanResult } from '../model/index.js';
import { isBucket, MAX_BUCKET_ARTIFACTS } from './sarif-buckets.js';

/**
 * GitHub code scanning's documented SARIF limits ("SARIF support for code scanning", "SARIF results exceed one or more
 * limits"). Above a maximum the whole file is rejected; above a display limit GitHub drops the rest itself.
 */
export const GITHUB_LIMITS = {
  /** results per run: 25,000 are accepted, "only the top 5,000 results will be included" */
  results: 5_000,
  /** rules per run (hard limit) */
  rules: 25_000,
  /** tags per rule: 20 are accepted, "only 10 tags will be included" */
  tagsPerRule: 10,
  /** thread flow locations per result: 10,000 are accepted, "only the top 1,000 ... will be included" */
  threadFlowLocations: 1_000,
  /** reportingDescriptor.name */
  ruleName: 255,
  /** shortDescription.text and fullDescription.text */
  description: 1_024,
  /** "For each gzip-compressed SARIF file, SARIF upload supports a maximum size of 10 MB" */
  gzipBytes: 10 * 1024 * 1024,
} as const;

/** `text` cut to `max` characters, ending in an ellipsis when cut; an empty text becomes `fallback`. */
export function limitText(text: string, max: number, fallback: string): string {
  const t = text.trim() || fallback;
  return t.length <= max ? t : `${t.slice(0, max - 1)}…`;
}

/** The first `max` distinct tags, in order. */
export function limitTags(tags: readonly string[], max: number = GITHUB_LIMITS.tagsPerRule): string[] {
  return [...new Set(tags.filter((t) => t.length > 0))].slice(0, max);
}

/** Failed findings first, then unknown, then suppressed; the scan's own order (paths, severity, rule, resource) within each. */
function keepRank(f: Finding): number {
  if (f.suppressed) return 2;
  return f.status === 'fail' ? 0 : 1;
}

/**
 * The findings a SARIF log reports: all but fixed ones. GitHub reads every result as an alert (it ignores `kind` and
 * `baselineState`), so fixed findings are left out and their alerts close because they are missing.
 */
export function sarifFindings(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => f.baselineState !== 'absent');
}

/** How many of the scan's findings a SARIF log leaves out to stay within GitHub's results limit. */
export function sarifResultsOmitted(findings: readonly Finding[]): number {
  return Math.max(0, sarifFindings(findings).length - GITHUB_LIMITS.results);
}

/**
 * The stderr warning for a scan whose SARIF log leaves findings or buckets' access out (undefined when it leaves nothing
 * out): how many, which were kept, and that the JSON output has all of them.
 */
export function sarifOmissionWarning(result: ScanResult, maxBucketArtifacts: number = MAX_BUCKET_ARTIFACTS): string | undefined {
  const n = (x: number) => x.toLocaleString('en');
  const omitted = sarifResultsOmitted(result.findings);
  const buckets = result.inventory.resources.filter(isBucket).length;
  const parts = [
    ...(omitted
      ? [`${n(GITHUB_LIMITS.results)} of ${n(omitted + GITHUB_LIMITS.results)} findings (GitHub code scanning keeps ${n(GITHUB_LIMITS.results)} results per upload; failed first, then unknown, then suppressed)`]
      : []),
    ...(buckets > maxBucketArtifacts ? [`the access of at most ${n(maxBucketArtifacts)} of ${n(buckets)} buckets (those the results point at first, then the most exposed)`] : []),
  ];
  return parts.length ? `the SARIF output holds ${parts.join(' and ')}; the JSON output has all of them` : undefined;
}

/**
 * The findings a run can hold: all of them when there are at most `max`, otherwise the `max` most important by
 * keepRank, still in the scan's order. `omitted` counts the rest. Linear: a quota per rank, then one pass.
 */
export function selectResults(findings: readonly Finding[], max: number = GITHUB_LIMITS.results): { kept: Finding[]; omitted: number } {
  if (findings.length <= max) return { kept: [...findings], omitted: 0 };
  const quota = [0, 0, 0];
  for (const f of findings) quota[keepRank(f)]++;
  let left = max;
  for (let rank = 0; rank < quota.length; rank++) {
    quota[rank] = Math.min(quota[rank], left);
    left -= quota[rank];
  }
  const kept: Finding[] = [];
  for (const f of findings) {
    const rank = keepRank(f);
    if (quota[rank] > 0) {
      quota[rank]--;
      kept.push(f);
    }
  }
  return { kept, omitted: findings.length - max };
}
