// The state the Google fakes serve, built once from a parsed scenario: projects by id and number, buckets with the
// defaults the real JSON API reports, objects sorted by name, and Vertex AI / Notebooks resources converted to
// protobuf objects with canonical names (projects/NUMBER/locations/L/COLLECTION/ID).
import type protobuf from 'protobufjs';
import { InputError } from '../../src/model/errors.js';
import { objectBytes, type ObjectBytes } from './object-bytes.js';
import { ProtoJsonError, protoJsonToObject } from './proto-json.js';
import { bundleRoot } from './protos.js';
import {
  VERTEX_COLLECTIONS, type GcpBucketScenario, type GcpIamPolicy, type GcpProjectScenario, type GcpScenario,
  type ProtoJsonResource, type VertexCollection,
} from './scenario.js';

export const VERTEX_MESSAGE: Record<VertexCollection, string> = {
  datasets: 'google.cloud.aiplatform.v1.Dataset',
  trainingPipelines: 'google.cloud.aiplatform.v1.TrainingPipeline',
  customJobs: 'google.cloud.aiplatform.v1.CustomJob',
  models: 'google.cloud.aiplatform.v1.Model',
  endpoints: 'google.cloud.aiplatform.v1.Endpoint',
};
const NOTEBOOK_INSTANCE = 'google.cloud.notebooks.v2.Instance';
const DEFAULT_TIME = '2024-01-15T09:30:00Z';

export interface ServedProject {
  projectId: string;
  projectNumber: string;
  scenario: GcpProjectScenario;
  apisDisabled: Set<string>;
}

export interface ServedObject {
  name: string;
  resource: Record<string, unknown>;
  bytes: ObjectBytes;
}

export interface ServedBucket {
  project: ServedProject;
  resource: Record<string, unknown>;
  iamPolicy: GcpIamPolicy;
  /** sorted by name, as objects.list returns them */
  objects: ServedObject[];
}

export interface ServedProtoResource {
  name: string;
  message: Record<string, unknown>;
}

/** A project number derived from the id when the scenario gives none: 12 digits, stable across runs. */
export function derivedProjectNumber(projectId: string): string {
  let h = 0xcbf29ce484222325n;
  for (const c of projectId) h = ((h ^ BigInt(c.charCodeAt(0))) * 0x100000001b3n) & 0xffffffffffffffffn;
  return String(100000000000n + (h % 800000000000n));
}

export class GcpState {
  readonly projects: ServedProject[] = [];
  private readonly byRef = new Map<string, ServedProject>();
  readonly buckets = new Map<string, ServedBucket>();
  /** sorted bucket names, for buckets.list */
  readonly bucketNames: string[];
  private readonly vertex = new Map<string, ServedProtoResource[]>();
  private readonly notebooks = new Map<string, ServedProtoResource[]>();
  private readonly byName = new Map<string, ServedProtoResource>();

  constructor(readonly scenario: GcpScenario) {
    scenario.gcp.projects.forEach((p) => {
      const served: ServedProject = {
        projectId: p.projectId,
        projectNumber: p.projectNumber ?? derivedProjectNumber(p.projectId),
        scenario: p,
        apisDisabled: new Set(p.apisDisabled ?? []),
      };
      this.projects.push(served);
      this.byRef.set(served.projectId, served);
      this.byRef.set(served.projectNumber, served);
    });
    scenario.gcp.projects.forEach((p, i) => {
      const project = this.byRef.get(p.projectId)!;
      (p.storage?.buckets ?? []).forEach((b) => this.addBucket(project, b));
      for (const [location, collections] of Object.entries(p.vertex?.locations ?? {})) {
        for (const c of VERTEX_COLLECTIONS) {
          const items = (collections[c] ?? []).map((r, j) =>
            this.protoResource(project, location, c, r, VERTEX_MESSAGE[c], 'aiplatform', j,
              `$.gcp.projects[${i}].vertex.locations.${location}.${c}[${j}]`));
          this.vertex.set(`${project.projectNumber}/${location}/${c}`, items);
        }
      }
      for (const [zone, { instances }] of Object.entries(p.notebooks?.locations ?? {})) {
        const items = instances.map((r, j) =>
          this.protoResource(project, zone, 'instances', r, NOTEBOOK_INSTANCE, 'notebooks', j, `$.gcp.projects[${i}].notebooks.locations.${zone}.instances[${j}]`));
        this.notebooks.set(`${project.projectNumber}/${zone}`, items);
      }
    });
    this.bucketNames = [...this.buckets.keys()].sort();
  }

  /** A project by id or number. */
  project(ref: string): ServedProject | undefined {
    return this.byRef.get(ref);
  }

  /** Rewrites `projects/<id>` to `projects/<number>` so names compare regardless of how the caller spelt them. */
  canonical = (s: string): string =>
    s.replace(/(^|\/)projects\/([^/]+)/, (m, pre: string, ref: string) => {
      const p = this.byRef.get(ref);
      return p ? `${pre}projects/${p.projectNumber}` : m;
    });

  vertexList(projectNumber: string, location: string, collection: VertexCollection): ServedProtoResource[] {
    return this.vertex.get(`${projectNumber}/${location}/${collection}`) ?? [];
  }

  vertexLocations(projectNumber: string): string[] {
    const out = new Set<string>();
    for (const k of this.vertex.keys()) if (k.startsWith(`${projectNumber}/`)) out.add(k.split('/')[1]);
    return [...out];
  }

  notebookInstances(projectNumber: string, zone: string): ServedProtoResource[] {
    if (zone === '-') {
      return [...this.notebooks.entries()].filter(([k]) => k.startsWith(`${projectNumber}/`)).flatMap(([, v]) => v);
    }
    return this.notebooks.get(`${projectNumber}/${zone}`) ?? [];
  }

  notebookZones(projectNumber: string): string[] {
    return [...this.notebooks.keys()].filter((k) => k.startsWith(`${projectNumber}/`)).map((k) => k.split('/')[1]);
  }

  /** A Vertex AI or Notebooks resource by its canonical name. */
  resource(name: string): ServedProtoResource | undefined {
    return this.byName.get(this.canonical(name));
  }

  private addBucket(project: ServedProject, b: GcpBucketScenario): void {
    const { iamPolicy, objects, ...fields } = b;
    const time = (fields.timeCreated as string | undefined) ?? DEFAULT_TIME;
    const f = fields as Record<string, any>;
    const resource: Record<string, unknown> = {
      kind: 'storage#bucket',
      selfLink: `https://www.googleapis.com/storage/v1/b/${b.name}`,
      id: b.name,
      projectNumber: project.projectNumber,
      metageneration: '1',
      location: 'US',
      locationType: 'multi-region',
      storageClass: 'STANDARD',
      etag: 'CAE=',
      timeCreated: time,
      updated: time,
      softDeletePolicy: { retentionDurationSeconds: '604800', effectiveTime: time },
      rpo: 'DEFAULT',
      ...fields,
      iamConfiguration: {
        ...f.iamConfiguration,
        bucketPolicyOnly: f.iamConfiguration?.uniformBucketLevelAccess ?? { enabled: false },
        uniformBucketLevelAccess: f.iamConfiguration?.uniformBucketLevelAccess ?? { enabled: false },
        publicAccessPrevention: f.iamConfiguration?.publicAccessPrevention ?? 'inherited',
      },
    };
    const bucketAcl = f.acl as Array<Record<string, unknown>> | undefined;
    if (bucketAcl) resource.acl = bucketAcl.map((a) => this.aclEntry(b.name, a, 'bucketAccessControl'));
    if (f.defaultObjectAcl) resource.defaultObjectAcl = (f.defaultObjectAcl as Array<Record<string, unknown>>).map((a) => this.aclEntry(b.name, a, 'objectAccessControl'));
    const served: ServedBucket = {
      project,
      resource,
      iamPolicy: iamPolicy ?? defaultBucketPolicy(project.projectId),
      objects: [...(objects ?? [])].sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0)).map((o) => {
        const bytes = objectBytes(o, b.name);
        const generation = '1705311000000000';
        const objectResource: Record<string, unknown> = {
          kind: 'storage#object',
          id: `${b.name}/${o.name}/${generation}`,
          selfLink: `https://www.googleapis.com/storage/v1/b/${b.name}/o/${encodeURIComponent(o.name)}`,
          mediaLink: `https://storage.googleapis.com/download/storage/v1/b/${b.name}/o/${encodeURIComponent(o.name)}?generation=${generation}&alt=media`,
          name: o.name,
          bucket: b.name,
          generation,
          metageneration: '1',
          contentType: o.contentType ?? 'application/octet-stream',
          storageClass: o.storageClass ?? (resource.storageClass as string),
          size: String(bytes.size),
          ...(bytes.md5Hash ? { md5Hash: bytes.md5Hash, crc32c: bytes.crc32c() } : {}),
          etag: 'CAE=',
          timeCreated: o.timeCreated ?? time,
          updated: o.updated ?? o.timeCreated ?? time,
          timeStorageClassUpdated: o.timeCreated ?? time,
          ...(o.metadata ? { metadata: o.metadata } : {}),
          ...(o.kmsKeyName ? { kmsKeyName: o.kmsKeyName } : {}),
        };
        return { name: o.name, resource: objectResource, bytes };
      }),
    };
    this.buckets.set(b.name, served);
  }

  private aclEntry(bucket: string, a: Record<string, unknown>, kind: string): Record<string, unknown> {
    const entity = String(a.entity);
    return { kind: `storage#${kind}`, id: `${bucket}/${entity}`, bucket, etag: 'CAE=', ...a };
  }

  private protoResource(project: ServedProject, location: string, collection: string, r: ProtoJsonResource, messageType: string,
    bundle: 'aiplatform' | 'notebooks', index: number, path: string): ServedProtoResource {
    const prefix = `projects/${project.projectNumber}/locations/${location}/${collection}/`;
    let name: string;
    if (r.name === undefined) name = `${prefix}${generatedId(collection, index)}`;
    else if (!r.name.includes('/')) name = `${prefix}${r.name}`;
    else {
      const m = /^projects\/([^/]+)\/locations\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(r.name);
      if (!m || this.byRef.get(m[1]) !== project || m[2] !== location || m[3] !== collection) {
        throw new InputError(`scenario: invalid Google Cloud scenario\n  at ${path}.name: expected an id or ${`projects/${project.projectId}/locations/${location}/${collection}/ID`}, found ${JSON.stringify(r.name)}`);
      }
      name = `${prefix}${m[4]}`;
    }
    if (this.byName.has(name)) throw new InputError(`scenario: invalid Google Cloud scenario\n  at ${path}.name: duplicate resource ${name}`);
    const json: Record<string, unknown> = { ...r, name };
    if (bundle === 'aiplatform' || bundle === 'notebooks') {
      json.createTime ??= DEFAULT_TIME;
      json.updateTime ??= json.createTime;
    }
    let message: Record<string, unknown>;
    try {
      message = protoJsonToObject(bundleRoot(bundle) as protobuf.Root, messageType, json, path);
    } catch (err) {
      if (err instanceof ProtoJsonError) throw new InputError(`scenario: invalid Google Cloud scenario\n  at ${err.message}`);
      throw err;
    }
    const served = { name, message };
    this.byName.set(name, served);
    return served;
  }
}

function generatedId(collection: string, index: number): string {
  const base = { datasets: 1, trainingPipelines: 2, customJobs: 3, models: 4, endpoints: 5, instances: 6 }[collection] ?? 9;
  return collection === 'instances' ? `instance-${index + 1}` : `${base}${String(index + 1).padStart(9, '0')}`;
}

/** A new bucket's policy as the real API reports it: the project convenience members. */
function defaultBucketPolicy(projectId: string): GcpIamPolicy {
  return {
    version: 1,
    bindings: [
      { role: 'roles/storage.legacyBucketOwner', members: [`projectEditor:${projectId}`, `projectOwner:${projectId}`] },
      { role: 'roles/storage.legacyBucketReader', members: [`projectViewer:${projectId}`] },
    ],
  };
}
