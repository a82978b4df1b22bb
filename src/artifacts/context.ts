import { classifyGlobal } from './classify.js';
import type { ArtifactBudget } from './budget.js';
import type { PickleReport } from './pickle/walker.js';
import type { ArtifactGlobal, ArtifactIssue, ArtifactLimits, MemberResult } from './types.js';

/** Everything one artifact scan accumulates. */
export class ScanContext {
  readonly issues: ArtifactIssue[] = [];
  readonly globals: ArtifactGlobal[] = [];
  readonly members: MemberResult[] = [];
  constructor(
    readonly budget: ArtifactBudget,
    readonly limits: ArtifactLimits,
  ) {}

  issue(i: ArtifactIssue): void {
    if (this.issues.length < 10_000) this.issues.push(i);
  }

  member(m: MemberResult): void {
    if (this.members.length < 100_000) this.members.push(m);
  }

  /** Classifies a pickle's globals and turns them, and any parse error, into issues. */
  recordPickle(member: string, report: PickleReport): void {
    for (const g of report.globals) {
      const verdict = g.unresolved ? { classification: g.computed ? ('dangerous' as const) : ('suspicious' as const), why: g.unresolved } : classifyGlobal(g.module, g.name);
      const called = g.callCount > 0;
      this.globals.push({
        member,
        module: g.module,
        name: g.name,
        offset: g.offset,
        opcode: g.opcode,
        occurrences: g.occurrences,
        called,
        calls: g.calls,
        classification: verdict.classification,
        why: verdict.why,
        ...(g.unresolved ? { unresolved: g.unresolved } : {}),
      });
      if (verdict.classification === 'safe') continue;
      const how = called ? `called by ${g.calls.map((c) => `${c.opcode}@${c.offset}`).join(', ')}` : 'imported';
      const subject = `${g.module}.${g.name}`;
      this.issue({
        kind: verdict.classification,
        member,
        offset: g.offset,
        subject,
        message: `${g.opcode} at offset ${g.offset} ${verdict.classification === 'dangerous' ? 'imports' : 'imports unknown'} ${subject} (${how}): ${verdict.why}`,
      });
    }
    if (report.error?.timeout) this.issue({ kind: 'partial', member, offset: report.error.offset, message: `partially scanned: ${report.error.reason} at offset ${report.error.offset}` });
    else if (report.error) this.issue({ kind: 'error', member, offset: report.error.offset, message: `unparseable pickle: ${report.error.reason} at offset ${report.error.offset}` });
  }
}
