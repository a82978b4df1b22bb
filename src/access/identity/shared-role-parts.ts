import type { AccessGrant, AwsIamRole, PolicyDocument } from '../../model/index.js';
import type { Grant } from '../types.js';
import type { Writable } from './aws-role.js';

/** Who can assume a role, as the analysis lists it (grants) and as `reach` shows it. */
export interface Assumers {
  grants: Grant[];
  reach: AccessGrant[];
  external: boolean;
}

/**
 * Who can assume a role depends on its trust policy and its account alone (the role ids and trust settings are the
 * analysis's): roles with the same trust policy object (the reader shares equal values) in one account share one
 * answer instead of each parsing the policy and making its evidence again (at 10^6 resources 19,304 roles, a handful
 * of trust policies).
 */
export class SharedAssumers {
  private readonly byPolicy = new Map<PolicyDocument | undefined, Map<string, Assumers>>();

  of(role: AwsIamRole, make: () => Assumers): Assumers {
    let byAccount = this.byPolicy.get(role.trustPolicy);
    if (!byAccount) this.byPolicy.set(role.trustPolicy, (byAccount = new Map()));
    let known = byAccount.get(role.account);
    if (!known) byAccount.set(role.account, (known = make()));
    return known;
  }
}

/**
 * The writable buckets of roles whose statements reach any bucket (they walk their whole candidate list), shared by
 * the roles that are sure to find the same ones: the same candidate list object and account, permissions boundary,
 * and s3:PutObject Allow and Deny statements (the same objects, at the same place in policies of the same names).
 * Only a result that did not depend on the role itself is kept: no bucket policy grants to the role (the caller
 * checks), no bucket of another account and no bucket-policy Deny among the buckets walked.
 */
export class SharedWritable {
  // weak: a role whose account is granted a bucket elsewhere walks a list of its own (CandidateBuckets' union), never
  // kept (it holds another account's bucket); a Map held every such list to the end of the analysis, roles x buckets
  // (1,000 roles, 20,000 buckets of their account, one granted elsewhere: peak RSS 196-199 MiB before, 324-332 with it)
  private readonly ids = new WeakMap<object, number>();
  private nextId = 0;
  private readonly byKey = new Map<string, Writable>();

  /** The key of a role's inputs; `allows` with the policy name and index each was found at. */
  keyOf(account: string, buckets: object, boundary: string | undefined, allows: readonly PlacedStatement[], denies: readonly PlacedStatement[]): string {
    let key = `${account}\u0000${this.idOf(buckets)}\u0000${boundary ?? ''}`;
    for (let i = 0; i < allows.length; i++) key += `\u0000${this.idOf(allows[i].st)}\u0000${allows[i].index}\u0000${allows[i].policy.length}:${allows[i].policy}`;
    key += '\u0000';
    for (let i = 0; i < denies.length; i++) key += `\u0000${this.idOf(denies[i].st)}`;
    return key;
  }

  get(key: string): Writable | undefined {
    return this.byKey.get(key);
  }

  keep(key: string, writable: Writable): void {
    this.byKey.set(key, writable);
  }

  private idOf(o: object): number {
    let id = this.ids.get(o);
    if (id === undefined) this.ids.set(o, (id = this.nextId++));
    return id;
  }
}

/** A statement with where it was found. */
export interface PlacedStatement {
  policy: string;
  index: number;
  st: object;
}
