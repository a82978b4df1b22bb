/** The AWS services aispm talks to, by the name used for AWS_ENDPOINT_URL_<SERVICE> and for coverage. */
export const AWS_SERVICES = ['sts', 'ec2', 's3', 's3-control', 'sagemaker', 'iam', 'bedrock', 'bedrock-agent'] as const;
export type AwsService = (typeof AWS_SERVICES)[number];

/** One read-only API call a collector makes, and the IAM action that authorises it. */
export interface ApiCall {
  service: AwsService;
  /** SDK operation name, i.e. the command class name without "Command". */
  operation: string;
  iamAction: string;
}

export const call = (service: AwsService, operation: string, iamAction: string): ApiCall => ({ service, operation, iamAction });

/** service -> allowed operations. The read-only middleware refuses anything else. */
export function allowlistOf(calls: readonly ApiCall[]): Map<AwsService, Set<string>> {
  const out = new Map<AwsService, Set<string>>();
  for (const c of calls) {
    let ops = out.get(c.service);
    if (!ops) out.set(c.service, (ops = new Set()));
    ops.add(c.operation);
  }
  return out;
}

export interface IamPolicy {
  Version: '2012-10-17';
  Statement: { Sid: string; Effect: 'Allow'; Action: string[]; Resource: '*' }[];
}

/** The least-privilege identity policy for the declared calls: one statement per IAM service prefix, actions sorted. */
export function leastPrivilegePolicy(calls: readonly ApiCall[]): IamPolicy {
  const byPrefix = new Map<string, Set<string>>();
  for (const c of calls) {
    const prefix = c.iamAction.split(':')[0];
    let actions = byPrefix.get(prefix);
    if (!actions) byPrefix.set(prefix, (actions = new Set()));
    actions.add(c.iamAction);
  }
  const prefixes = [...byPrefix.keys()].sort();
  return {
    Version: '2012-10-17',
    Statement: prefixes.map((prefix) => ({
      Sid: `AispmReadOnly${prefix.replace(/(^|-)(\w)/g, (_m, _d, ch: string) => ch.toUpperCase())}`,
      Effect: 'Allow',
      Action: [...byPrefix.get(prefix)!].sort(),
      Resource: '*',
    })),
  };
}
