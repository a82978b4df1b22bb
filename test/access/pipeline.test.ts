import { describe, expect, test } from 'vitest';
import { noTrust } from '../../src/model/index.js';
import { loadRuleSet } from '../../src/rules/load.js';
import { analyzeInventory } from '../../src/scan.js';
import { evidenceWithAccess, readsAccessField } from '../../src/access/finding-evidence.js';
import { OTHER, gcsBucket, iamRole, inventory, policy, s3Bucket, serviceAccount } from './builders.js';

const { rules, errors } = loadRuleSet();

describe('access analysis in the scan pipeline', () => {
  test('rules load', () => expect(errors).toEqual([]));

  test('flags and evidence are on every bucket in the result, and findings carry the deciding evidence', () => {
    const inv = inventory([
      s3Bucket('open-data', { policy: policy({ Sid: 'PublicPut', Effect: 'Allow', Principal: '*', Action: 's3:PutObject', Resource: 'arn:aws:s3:::open-data/*', Condition: { Bool: { 'aws:SecureTransport': 'true' } } }) }),
      s3Bucket('private-data'),
      s3Bucket('unknown-data', { gaps: [{ path: 'policy', reason: 'AccessDenied: s3:GetBucketPolicy' }] }),
      gcsBucket('gcs-data', { iamPolicy: { version: 3, bindings: [{ role: 'roles/storage.objectCreator', members: ['allUsers'] }] } }),
      iamRole('exec', {
        trustPolicy: { Statement: [{ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com', AWS: `arn:aws:iam::${OTHER}:root` }, Action: 'sts:AssumeRole' }] },
      }),
    ]);
    const result = analyzeInventory(inv, { rules, trust: noTrust(), now: () => new Date('2026-01-01T00:00:00Z') });
    for (const r of result.inventory.resources) {
      if (r.kind === 'aws.s3.bucket' || r.kind === 'gcp.storage.bucket') expect(r.access, r.id).toBeDefined();
    }
    const json = JSON.parse(JSON.stringify(result));
    const open = json.inventory.resources.find((r: { name: string }) => r.name === 'open-data');
    expect(open.access.publicWrite).toBe(true);
    expect(open.access.evidence.publicWrite[0]).toMatchObject({ statementIndex: 0, sid: 'PublicPut' });

    const finding = result.findings.find((f) => f.ruleId === 'AWS-S3-051' && f.resource.name === 'open-data');
    expect(finding?.status).toBe('fail');
    expect(finding?.evidence).toContainEqual({ path: 'access.evidence.publicWrite', value: open.access.evidence.publicWrite });

    const unknown = result.findings.find((f) => f.ruleId === 'AWS-S3-051' && f.resource.name === 'unknown-data');
    expect(unknown?.status).toBe('unknown');
    expect(unknown?.unknownFields[0]).toEqual({ path: 'access.publicWrite', reason: 'bucket policy unknown: AccessDenied: s3:GetBucketPolicy' });

    expect(result.findings.some((f) => f.ruleId === 'AWS-S3-051' && f.resource.name === 'private-data')).toBe(false);
    expect(result.findings.find((f) => f.ruleId === 'GCP-GCS-051')?.status).toBe('fail');
    const trustFinding = result.findings.find((f) => f.ruleId === 'AWS-IAM-050');
    expect(trustFinding?.evidence.find((e) => e.path === 'reach.assumableBy')?.value).toEqual([expect.objectContaining({ principal: `principal:aws-account:${OTHER}` })]);
    expect(result.inventory.edges.filter((e) => e.type === 'can-assume')).toHaveLength(2);
  });

  test('a flag proven true still fails its rule when other access flags are unknown', () => {
    const inv = inventory([
      s3Bucket('acl-open', {
        acl: { ownerId: 'owner-canonical', grants: [{ grantee: { type: 'Group', uri: 'http://acs.amazonaws.com/groups/global/AllUsers' }, permission: 'WRITE' }] },
        gaps: [{ path: 'policy', reason: 'AccessDenied: s3:GetBucketPolicy' }],
      }),
      serviceAccount('trainer@ml-project.iam.gserviceaccount.com', { projectRoles: ['roles/storage.admin'] }),
    ]);
    const result = analyzeInventory(inv, { rules, trust: noTrust() });
    const bucket = result.inventory.resources.find((r) => r.name === 'acl-open')!;
    expect(bucket.gaps.map((g) => g.path)).toContain('access.crossAccountWrite');
    expect(result.findings.find((f) => f.ruleId === 'AWS-S3-051')?.status).toBe('fail');
    expect(result.findings.find((f) => f.ruleId === 'GCP-IAM-050')?.status).toBe('fail');
  });

  test('only findings of rules that read an access or reach field are given access evidence', () => {
    const ids = new Set(rules.filter(readsAccessField).map((rule) => rule.id));
    expect(ids.has('AWS-S3-051')).toBe(true);
    expect(ids.has('AWS-IAM-050')).toBe(true);
    expect(ids.has('AWS-S3-001')).toBe(false);
    const inv = inventory([s3Bucket('open-data', { policy: policy({ Sid: 'PublicPut', Effect: 'Allow', Principal: '*', Action: 's3:PutObject', Resource: 'arn:aws:s3:::open-data/*' }) })]);
    const result = analyzeInventory(inv, { rules, trust: noTrust() });
    const finding = result.findings.find((f) => f.ruleId === 'AWS-S3-051')!;
    const bucket = result.inventory.resources.find((r) => r.id === finding.resource.id)!;
    const bare = finding.evidence.filter((e) => !e.path.startsWith('access.evidence.'));
    expect(evidenceWithAccess(bucket, bare, finding.unknownFields)).toEqual(finding.evidence);
    // a finding of a rule that reads no access field names none, so there is nothing to add to it
    const versioning = result.findings.find((f) => f.ruleId === 'AWS-S3-001')!;
    expect(evidenceWithAccess(bucket, versioning.evidence, versioning.unknownFields)).toBe(versioning.evidence);
  });
});
