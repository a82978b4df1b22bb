import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
  paginateListRoles,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { DescribeRegionsCommand } from '@aws-sdk/client-ec2';
import { startAwsMock, type AwsMock } from '../../../mocks/aws/start.js';
import type { AwsScenarioInput } from '../../../mocks/aws/scenario.js';
import { clients, failure } from './helpers.js';

const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
const inline = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:PutObject', 's3:GetObject'], Resource: 'arn:aws:s3:::data/*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'ml & ops' } } }] };
const managed = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }] };
const scenario: AwsScenarioInput = {
  accountId: '111122223333',
  enabledRegions: ['us-east-1', 'eu-west-1', 'af-south-1'],
  iam: {
    Roles: [
      { RoleName: 'exec', Path: '/service-role/', AssumeRolePolicyDocument: trust, RolePolicies: [{ PolicyName: 'data-rw', PolicyDocument: inline }], AttachedPolicies: ['arn:aws:iam::111122223333:policy/pass', 'arn:aws:iam::aws:policy/Missing'], Tags: [{ Key: 'team', Value: 'ml' }] },
      ...Array.from({ length: 6 }, (_, i) => ({ RoleName: `team-${i}`, AssumeRolePolicyDocument: trust })),
    ],
    Policies: [{ Arn: 'arn:aws:iam::111122223333:policy/pass', PolicyName: 'pass', DefaultVersionId: 'v3', Document: managed }],
  },
  faults: [{ service: 'iam', operation: 'GetRole', resource: 'team-1', error: 'Throttling' }, { service: 'iam', operation: 'GetRole', resource: 'team-2', error: 'AccessDenied' }],
};

let mock: AwsMock;
let c: ReturnType<typeof clients>;
beforeAll(async () => {
  mock = await startAwsMock(scenario);
  c = clients(mock);
});
afterAll(() => mock.close());

describe('IAM', () => {
  it('pages ListRoles with Marker/IsTruncated and returns URL-encoded trust policies', async () => {
    const pages: string[][] = [];
    for await (const p of paginateListRoles({ client: c.iam, pageSize: 3 }, {})) pages.push((p.Roles ?? []).map((r) => r.RoleName!));
    expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
    const first = await c.iam.send(new ListRolesCommand({ MaxItems: 1 }));
    expect(first.IsTruncated).toBe(true);
    expect(first.Marker).toBeTruthy();
    expect(first.Roles?.[0]).toMatchObject({ RoleName: 'exec', Path: '/service-role/', Arn: 'arn:aws:iam::111122223333:role/service-role/exec' });
    expect(first.Roles?.[0].RoleId).toMatch(/^AROA[A-Z2-7]{17}$/);
    const doc = first.Roles![0].AssumeRolePolicyDocument!;
    expect(doc.startsWith('%7B%22Version%22')).toBe(true);
    expect(JSON.parse(decodeURIComponent(doc))).toEqual(trust);
    expect((await c.iam.send(new ListRolesCommand({ PathPrefix: '/service-role/' }))).Roles).toHaveLength(1);
    expect(await failure(c.iam.send(new ListRolesCommand({ MaxItems: 1001 })))).toMatchObject({ name: 'ValidationError', status: 400 });
  });

  it('serves a role, its inline and attached policies and the managed policy documents', async () => {
    const role = (await c.iam.send(new GetRoleCommand({ RoleName: 'exec' }))).Role!;
    expect(role.Tags).toEqual([{ Key: 'team', Value: 'ml' }]);
    expect((await c.iam.send(new ListRolePoliciesCommand({ RoleName: 'exec' }))).PolicyNames).toEqual(['data-rw']);
    const rp = await c.iam.send(new GetRolePolicyCommand({ RoleName: 'exec', PolicyName: 'data-rw' }));
    expect(JSON.parse(decodeURIComponent(rp.PolicyDocument!))).toEqual(inline);
    const attached = await c.iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'exec' }));
    expect(attached.AttachedPolicies).toEqual([
      { PolicyName: 'pass', PolicyArn: 'arn:aws:iam::111122223333:policy/pass' },
      { PolicyName: 'Missing', PolicyArn: 'arn:aws:iam::aws:policy/Missing' },
    ]);
    const policy = (await c.iam.send(new GetPolicyCommand({ PolicyArn: 'arn:aws:iam::111122223333:policy/pass' }))).Policy!;
    expect(policy).toMatchObject({ PolicyName: 'pass', DefaultVersionId: 'v3', AttachmentCount: 1, IsAttachable: true });
    const version = (await c.iam.send(new GetPolicyVersionCommand({ PolicyArn: policy.Arn, VersionId: 'v3' }))).PolicyVersion!;
    expect(JSON.parse(decodeURIComponent(version.Document!))).toEqual(managed);
    expect(version.IsDefaultVersion).toBe(true);
  });

  it('answers NoSuchEntity, Throttling and AccessDenied in the Query error shape', async () => {
    expect(await failure(c.iam.send(new GetRoleCommand({ RoleName: 'ghost' })))).toMatchObject({ name: 'NoSuchEntityException', status: 404 });
    expect(await failure(c.iam.send(new GetPolicyCommand({ PolicyArn: 'arn:aws:iam::aws:policy/Missing' })))).toMatchObject({ name: 'NoSuchEntityException', status: 404 });
    expect(await failure(c.iam.send(new GetRoleCommand({ RoleName: 'team-1' })))).toMatchObject({ name: 'Throttling', status: 400 });
    expect(await failure(c.iam.send(new GetRoleCommand({ RoleName: 'team-2' })))).toMatchObject({ name: 'AccessDenied', status: 403 });
  });
});

describe('STS and EC2', () => {
  it('answers GetCallerIdentity with the scenario account', async () => {
    const id = await c.sts.send(new GetCallerIdentityCommand({}));
    expect(id).toMatchObject({ Account: '111122223333', Arn: 'arn:aws:iam::111122223333:user/aispm-scanner' });
  });

  it('answers DescribeRegions with the enabled regions, and all regions with opt-in status on request', async () => {
    const enabled = await c.ec2.send(new DescribeRegionsCommand({}));
    expect(enabled.Regions?.map((r) => [r.RegionName, r.OptInStatus])).toEqual([
      ['af-south-1', 'opted-in'],
      ['eu-west-1', 'opt-in-not-required'],
      ['us-east-1', 'opt-in-not-required'],
    ]);
    const all = await c.ec2.send(new DescribeRegionsCommand({ AllRegions: true }));
    expect(all.Regions?.find((r) => r.RegionName === 'me-south-1')?.OptInStatus).toBe('not-opted-in');
    const filtered = await c.ec2.send(new DescribeRegionsCommand({ AllRegions: true, Filters: [{ Name: 'opt-in-status', Values: ['not-opted-in'] }] }));
    expect(filtered.Regions?.every((r) => r.OptInStatus === 'not-opted-in')).toBe(true);
  });
});
