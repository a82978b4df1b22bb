import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { DescribeRegionsCommand } from '@aws-sdk/client-ec2';
import { call } from './api-calls.js';
import type { AwsClientFactory } from './clients.js';

/** Calls made before any collector runs: who we are, and which regions the account has enabled. */
export const ACCOUNT_CALLS = [call('sts', 'GetCallerIdentity', 'sts:GetCallerIdentity'), call('ec2', 'DescribeRegions', 'ec2:DescribeRegions')] as const;

export async function callerAccount(clients: AwsClientFactory): Promise<{ account: string; arn?: string }> {
  const out = await clients.get('sts', clients.homeRegion, 'global').send(new GetCallerIdentityCommand({}));
  if (!out.Account) throw new Error('STS GetCallerIdentity returned no account id');
  return { account: out.Account, ...(out.Arn ? { arn: out.Arn } : {}) };
}

/** Regions enabled for the account (opt-in regions only when opted in), sorted. */
export async function enabledRegions(clients: AwsClientFactory): Promise<string[]> {
  const out = await clients.get('ec2', clients.homeRegion, 'global').send(new DescribeRegionsCommand({ AllRegions: false }));
  return (out.Regions ?? [])
    .filter((r) => r.RegionName && r.OptInStatus !== 'not-opted-in')
    .map((r) => r.RegionName!)
    .sort();
}
