import { describe, expect, test } from 'vitest';
import { noTrust } from '../../src/model/index.js';
import { SharedGcsParts } from '../../src/access/gcs/shared-parts.js';
import { aclEntity, iamMember, type GcpOwner } from '../../src/access/gcs/members.js';

// one trust and one service account map for all, as in one analysis: other ones start the principals over
const TRUST = noTrust();
const SERVICE_ACCOUNTS = new Map<string, string>();
const owner = (projectId: string, projectNumber: string | undefined, trust = TRUST): GcpOwner => ({ projectId, projectNumber, serviceAccountIds: SERVICE_ACCOUNTS, trust });

describe('SharedGcsParts principals', () => {
  const entities = ['project-editors-123', 'project-owners-ml-project', 'project-viewers-456', 'user-a@example.com', 'user-etl@ml-project.iam.gserviceaccount.com', 'domain-example.com', 'allUsers', 'group-x', 'nonsense'];
  const members = ['projectEditor:ml-project', 'projectViewer:456', 'user:a@example.com', 'serviceAccount:etl@ml-project.iam.gserviceaccount.com', 'allUsers', 'deleted:user:b@example.com'];

  test('each ACL entity and member is what aclEntity / iamMember give for its own project, asked in any order', () => {
    const parts = new SharedGcsParts();
    const owners = [owner('ml-project', '123'), owner('other-project', '456'), owner('ml-project', '123'), owner('ml-project', '999'), owner('ml-project', undefined), owner('other-project', undefined)];
    for (const o of owners) {
      for (const e of entities) expect(parts.aclPrincipalOf(e, o)).toEqual(aclEntity(e, o));
      for (const m of members) expect(parts.principalOf(m, o)).toEqual(iamMember(m, o));
    }
    // an ACL entity and an IAM member of the same text are kept apart
    expect(parts.aclPrincipalOf('allUsers', owners[0])).toEqual(iamMember('allUsers', owners[0]));
    expect(parts.principalOf('project-editors-123', owners[0])).toEqual(iamMember('project-editors-123', owners[0]));
  });

  test('other trust settings start over', () => {
    const parts = new SharedGcsParts();
    const untrusted = owner('ml-project', '123');
    const trusted = owner('ml-project', '123', { ...noTrust(), trustedDomains: ['example.com'] });
    expect(parts.aclPrincipalOf('user-a@example.com', untrusted)?.reach).toBe('external');
    expect(parts.aclPrincipalOf('user-a@example.com', trusted)?.reach).toBe('internal');
    expect(parts.principalOf('user:a@example.com', trusted)?.reach).toBe('internal');
    expect(parts.aclPrincipalOf('user-a@example.com', untrusted)?.reach).toBe('external');
  });
});
