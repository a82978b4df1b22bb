// Results of scanning model artifacts: verdicts with the evidence behind them.
import type { Classification } from './classify.js';
import type { CallSite } from './pickle/values.js';

export const VERDICTS = ['malicious', 'suspicious', 'error', 'partial', 'clean'] as const;
export type Verdict = (typeof VERDICTS)[number];

export type ArtifactFormat =
  | 'pickle'
  | 'joblib'
  | 'pytorch-zip'
  | 'pytorch-legacy'
  | 'numpy'
  | 'npz'
  | 'keras'
  | 'keras-h5'
  | 'hdf5'
  | 'safetensors'
  | 'tar'
  | 'gzip'
  | 'zlib'
  | 'zip'
  | 'unknown';

/** One global a pickle imports, classified, with where it is (member path + byte offset) and whether it is called. */
export interface ArtifactGlobal {
  member: string;
  module: string;
  name: string;
  offset: number;
  opcode: string;
  occurrences: number;
  called: boolean;
  calls: CallSite[];
  classification: Classification;
  why: string;
  unresolved?: string;
}

export type IssueKind = 'dangerous' | 'suspicious' | 'error' | 'partial';

export interface ArtifactIssue {
  kind: IssueKind;
  /** path inside the artifact ("" for the artifact itself; nested members joined by "!/") */
  member: string;
  offset?: number;
  message: string;
  /** what was found, e.g. "os.system" or "Lambda layer lambda_1" */
  subject?: string;
}

export interface MemberResult {
  path: string;
  format: ArtifactFormat;
  size?: number;
  status: 'scanned' | 'skipped';
  note?: string;
}

export interface ArtifactScanResult {
  uri: string;
  format: ArtifactFormat;
  verdict: Verdict;
  size?: number;
  bytesFetched: number;
  bytesScanned: number;
  durationMs: number;
  members: MemberResult[];
  globals: ArtifactGlobal[];
  issues: ArtifactIssue[];
  /** resources (models, model packages, endpoints) that reference this artifact, for cloud scans */
  referencedBy?: string[];
}

export interface ArtifactLimits {
  /** bytes read (decompressed) per artifact before it is reported partial */
  maxBytesPerArtifact: number;
  /** wall-clock per artifact */
  timeoutMs: number;
  /** bytes over all artifacts of one scan */
  maxTotalBytes: number;
  /** nesting of archives inside archives */
  maxDepth: number;
  /** members that need random access (zip) found inside a stream are buffered in memory up to this size... */
  maxBufferedMember: number;
  /** ...and spooled to a temporary file (deleted after the scan) up to this size */
  maxSpooledMember: number;
  /** directory for spooled members (default: the OS temporary directory) */
  spoolDir?: string;
  /** gzip/zlib/deflate output per compressed input byte before it is treated as a bomb */
  maxCompressionRatio: number;
  /** bytes searched for the model_config attribute of an HDF5 file */
  h5SearchWindow: number;
}

export const DEFAULT_LIMITS: ArtifactLimits = {
  maxBytesPerArtifact: 8 * 1024 ** 3,
  timeoutMs: 300_000,
  maxTotalBytes: 64 * 1024 ** 3,
  maxDepth: 4,
  maxBufferedMember: 256 * 1024 ** 2,
  maxSpooledMember: 16 * 1024 ** 3,
  maxCompressionRatio: 1000,
  h5SearchWindow: 16 * 1024 ** 2,
};

const RANK: Record<Verdict, number> = { malicious: 4, suspicious: 3, error: 2, partial: 1, clean: 0 };

/** The verdict of a set of issues: malicious > suspicious > error > partial > clean. */
export function verdictOf(issues: readonly ArtifactIssue[]): Verdict {
  let v: Verdict = 'clean';
  for (const i of issues) {
    const iv: Verdict = i.kind === 'dangerous' ? 'malicious' : i.kind;
    if (RANK[iv] > RANK[v]) v = iv;
  }
  return v;
}

export const memberPath = (parent: string, child: string) => (parent === '' ? child : `${parent}!/${child}`);
