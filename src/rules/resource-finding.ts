import { hash } from 'node:crypto';
import type { Resource } from '../model/resource.js';
import type { Evidence, Finding, ResourceRef } from '../model/finding.js';
import type { LoadedRule } from './load.js';

/** What every finding of one resource rule shares: the rule, its compiled message template and its fingerprint prefix. */
export interface FindingRule {
  readonly rule: LoadedRule;
  readonly renderMessage: (resource: unknown) => string;
  /** `${rule.id}\u0000`: the fingerprint is sha256(prefix + resource id), as fingerprintOf(rule.id, resource.id) */
  readonly fingerprintPrefix: string;
}

type UnknownFields = Finding['unknownFields'];

/**
 * What a finding shares with the other findings of its rule that show the same evidence: the rule and the evidence
 * list. Almost every finding shows a list its rule shares (98.9% at 10^5 resources: 282,981 of 286,097, in 3,381
 * lists), so one field per finding holds both: 48 bytes a finding instead of 56 (2.87 M findings at 10^6 resources,
 * each copied by two scavenges before it reaches the old generation).
 */
export interface FindingKind {
  readonly rule: FindingRule;
  readonly evidence: Evidence[];
}

/**
 * A resource rule's finding. Its own fields are only what differs per finding; the rule's fields and the evidence are
 * read from its kind (FindingKind), the message is rendered each time it is read (an output reads it once and drops it, so the string dies young
 * instead of being kept by an old object) and the fingerprint is made on first read and kept (several outputs and the
 * history read it, and sha256 costs more than a template), so a scan of millions of findings keeps no message strings.
 * A failed finding's status and (empty) unknownFields come from its class (FailedResourceFinding), so only an
 * undecided one (UndecidedResourceFinding) keeps its unknownFields. The
 * resource it was evaluated on must not change afterwards (no stage after the rules changes a resource): the message
 * is rendered from it.
 *
 * Copy with plainFinding (src/model/finding.ts), never with a spread: a spread keeps only the own fields. toJSON
 * gives the keys of the object literal these findings once were, in that order, then the fields set in place later
 * (suppressed, baselineState, firstSeen, lastSeen) in the order they were set, so every output stays the same.
 */
export abstract class ResourceFinding implements Finding {
  abstract readonly status: 'fail' | 'unknown';
  abstract readonly unknownFields: UnknownFields;
  declare suppressed?: Finding['suppressed'];
  declare baselineState?: Finding['baselineState'];
  declare firstSeen?: string;
  declare lastSeen?: string;
  readonly #kind: FindingKind;
  readonly #subject: Resource;
  #fingerprint: string | undefined;

  constructor(kind: FindingKind, subject: Resource, onPaths: string[]) {
    if (onPaths.length !== 0) this.onPaths = onPaths;
    this.#kind = kind;
    this.#subject = subject;
    this.#fingerprint = undefined;
  }

  get evidence(): Evidence[] {
    return this.#kind.evidence;
  }
  /** a stage that sets other evidence keeps it as an own field (toJSON gives it in the evidence's place) */
  set evidence(list: Evidence[]) {
    Object.defineProperty(this, 'evidence', { value: list, writable: true, enumerable: true, configurable: true });
  }

  /**
   * Made from the resource on every read, like the message: a kept reference would cost a field per finding and an
   * object per resource with findings (about 80 MiB at 10^6 resources), while an output reads it once or twice.
   */
  get resource(): ResourceRef {
    return resourceRef(this.#subject);
  }
  /** a stage that sets another reference keeps it as an own field (toJSON gives it in the reference's place) */
  set resource(ref: ResourceRef) {
    Object.defineProperty(this, 'resource', { value: ref, writable: true, enumerable: true, configurable: true });
  }

  /** Most findings lie on no attack path: they share the empty list instead of keeping it in a field. */
  get onPaths(): string[] {
    return NO_PATHS;
  }
  /** a finding on a path, or one given its paths later, keeps its list as an own field */
  set onPaths(list: string[]) {
    Object.defineProperty(this, 'onPaths', { value: list, writable: true, enumerable: true, configurable: true });
  }

  get ruleId(): string {
    return this.#kind.rule.rule.id;
  }
  get title(): string {
    return this.#kind.rule.rule.def.title;
  }
  get severity(): Finding['severity'] {
    return this.#kind.rule.rule.def.severity;
  }
  get type(): 'resource' {
    return 'resource';
  }
  get remediation(): string {
    return this.#kind.rule.rule.def.remediation;
  }
  get frameworks(): Finding['frameworks'] {
    return this.#kind.rule.rule.def.frameworks;
  }
  get tags(): string[] {
    return this.#kind.rule.rule.def.tags;
  }
  get references(): string[] {
    return this.#kind.rule.rule.def.references;
  }

  get message(): string {
    return this.status === 'fail' ? this.#kind.rule.renderMessage(this.#subject) : undecidedMessage(this.title, this.#subject.name, this.unknownFields);
  }

  get fingerprint(): string {
    // fingerprintOf(rule.id, resource.id), without the join
    return (this.#fingerprint ??= hash('sha256', this.#kind.rule.fingerprintPrefix + this.#subject.id, 'hex'));
  }

  toJSON(): Finding {
    const plain: Finding = {
      ruleId: this.ruleId,
      title: this.title,
      severity: this.severity,
      status: this.status,
      type: 'resource',
      resource: this.resource,
      message: this.message,
      remediation: this.remediation,
      evidence: this.evidence,
      unknownFields: this.unknownFields,
      frameworks: this.frameworks,
      tags: this.tags,
      references: this.references,
      fingerprint: this.fingerprint,
      onPaths: this.onPaths,
    };
    // then the fields set after construction, in the order they were set
    for (const key of Object.keys(this)) if (!CONSTRUCTED.has(key)) (plain as unknown as Record<string, unknown>)[key] = (this as unknown as Record<string, unknown>)[key];
    return plain;
  }
}

/** the own fields the constructors set (their place in toJSON is the old literal's) */
const CONSTRUCTED = new Set(['resource', 'evidence', 'onPaths', 'unknownFields']);

const NO_UNKNOWN_FIELDS = Object.freeze([]) as unknown as UnknownFields;
/** No stage changes a finding's onPaths list in place (they replace it), so the empty lists of a million findings can be one list. */
export const NO_PATHS = Object.freeze([]) as unknown as string[];

/** A failed resource finding: status `fail`, no unknown fields. */
export class FailedResourceFinding extends ResourceFinding {
  get status(): 'fail' {
    return 'fail';
  }
  get unknownFields(): UnknownFields {
    return NO_UNKNOWN_FIELDS;
  }
}

/** An undecided resource finding: status `unknown`, with the fields that could not be read. */
export class UndecidedResourceFinding extends ResourceFinding {
  readonly unknownFields: UnknownFields;

  constructor(kind: FindingKind, subject: Resource, onPaths: string[], unknownFields: UnknownFields) {
    super(kind, subject, onPaths);
    this.unknownFields = unknownFields;
  }

  get status(): 'unknown' {
    return 'unknown';
  }
}

/** The fields of a resource that a finding names it by, in their order in the output. */
export function resourceRef(r: Resource): ResourceRef {
  return { id: r.id, kind: r.kind, provider: r.provider, account: r.account, region: r.region, name: r.name };
}

const undecidedMessage = (title: string, name: string, unknownFields: UnknownFields) =>
  `Could not decide "${title}" for ${name}: ${unknownFields.map((f) => `${f.path} (${f.reason})`).join('; ')}`;
