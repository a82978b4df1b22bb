import { createHash } from 'node:crypto';
import type { Finding } from '../../src/model/finding.js';
import type { Severity } from '../../src/model/severity.js';

/** A minimal valid finding for tests of code that only moves findings around. */
export function makeFinding(ruleId: string, resourceId: string, severity: Severity = 'high', extra: Partial<Finding> = {}): Finding {
  return {
    ruleId,
    title: `${ruleId} title`,
    severity,
    status: 'fail',
    type: 'resource',
    resource: { id: resourceId, kind: 'aws.s3.bucket', provider: 'aws', account: '111122223333', region: 'us-east-1', name: resourceId.split(':').pop()! },
    message: `${ruleId} on ${resourceId}`,
    remediation: 'fix it',
    evidence: [],
    unknownFields: [],
    frameworks: { mitreAtlas: [], owaspMl: [], owaspLlm: [] },
    tags: [],
    references: [],
    fingerprint: createHash('sha256').update(`${ruleId}|${resourceId}`).digest('hex'),
    onPaths: [],
    ...extra,
  };
}
