import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { onlyScannedServices, scannerGax, SCANNED_SERVICES } from '../../../src/connectors/gcp/gax-protos.js';
import { loadClientClass, loadGax } from '../../../src/connectors/gcp/client-modules.js';

const require = createRequire(import.meta.url);
const protosOf = (pkg: string) => require(`${pkg}/build/protos/protos.json`) as Record<string, any>;
const PACKAGES = ['@google-cloud/aiplatform', '@google-cloud/resource-manager', '@google-cloud/notebooks'];
const { protobuf } = loadGax();

/** Every service method's long-running operation types, as the generated clients look them up. */
function operationTypes(service: any): string[] {
  return Object.values(service.methods as Record<string, any>).flatMap((m) => Object.entries(m.options ?? {}).filter(([k]) => k.includes('operation_info')).map(([, v]) => v as string));
}

/** A protos JSON with these namespaces under google.cloud.aiplatform and these others under google. */
function googleProtos(aiplatform: Record<string, unknown>, google: Record<string, unknown> = {}) {
  return { nested: { google: { nested: { cloud: { nested: { aiplatform: { nested: aiplatform } } }, ...google } } } };
}

describe('the protos google-gax loads for the scanner', () => {
  for (const pkg of PACKAGES) {
    it(`${pkg}: the scanned services with every type they reach, so the protos resolve completely`, () => {
      const full = protosOf(pkg);
      const before = JSON.stringify(full);
      const pruned = onlyScannedServices(full);
      expect(JSON.stringify(full)).toBe(before);
      const root = protobuf.Root.fromJSON(pruned);
      // resolveAll throws on any field or method type that is not there
      expect(() => root.resolveAll()).not.toThrow();
      const services = SCANNED_SERVICES.filter((s) => protobuf.Root.fromJSON(full).lookup(s));
      expect(services.length).toBeGreaterThan(0);
      for (const name of services) {
        const service = root.lookupService(name);
        const scope = name.slice(0, name.lastIndexOf('.'));
        for (const t of operationTypes(service.toJSON())) expect(root.lookup(`${scope}.${t}`) ?? root.lookup(t), `${name}: ${t}`).not.toBeNull();
      }
      expect(JSON.stringify(pruned).length).toBeLessThan(before.length);
    });
  }

  it('leaves out the other services and API versions of a product, and shares what is outside it', () => {
    const full = protosOf('@google-cloud/aiplatform');
    const pruned = onlyScannedServices(full) as Record<string, any>;
    const aiplatform = pruned.nested.google.nested.cloud.nested.aiplatform.nested;
    expect(Object.keys(aiplatform)).toEqual(['v1']);
    expect(aiplatform.v1.nested.DatasetService).toBe(full.nested.google.nested.cloud.nested.aiplatform.nested.v1.nested.DatasetService);
    expect(aiplatform.v1.nested.FeaturestoreService).toBeUndefined();
    expect(aiplatform.v1.nested.Featurestore).toBeUndefined();
    expect(aiplatform.v1.nested.TrainingPipeline).toBeDefined();
    expect(pruned.nested.google.nested.api).toBe(full.nested.google.nested.api);
    expect(pruned.nested.google.nested.longrunning).toBe(full.nested.google.nested.longrunning);
  });

  it('resolves names as protobuf does: absolute, from inside a message, then outward through its scopes', () => {
    const json = googleProtos(
      {
        v1: {
          nested: {
            DatasetService: {
              methods: {
                Get: { requestType: 'GetRequest', responseType: 'google.longrunning.Operation', options: { '(google.longrunning.operation_info).response_type': 'Made', '(google.longrunning.operation_info).metadata_type': '.google.cloud.aiplatform.v1.Meta' } },
              },
            },
            GetRequest: { fields: { inner: { type: 'Inner', id: 1 }, sibling: { type: 'Shared', id: 2 } }, nested: { Inner: { fields: { deep: { type: 'Deep', id: 1 } } } } },
            Deep: { values: { A: 0 } },
            Shared: { fields: { n: { type: 'int64', id: 1 } } },
            Made: { fields: {} },
            Meta: { fields: {} },
            Unused: { fields: { x: { type: 'Shared', id: 1 } } },
          },
        },
        v1beta1: { nested: { Other: { fields: {} } } },
      },
      { longrunning: { nested: { Operation: { fields: {} } } } },
    );
    const v1 = (onlyScannedServices(json) as any).nested.google.nested.cloud.nested.aiplatform.nested;
    expect(Object.keys(v1)).toEqual(['v1']);
    expect(Object.keys(v1.v1.nested).sort()).toEqual(['DatasetService', 'Deep', 'GetRequest', 'Made', 'Meta', 'Shared']);
  });

  it('keeps what a message needs when only a type nested in it is reached (the message is kept whole)', () => {
    const json = googleProtos({
      v1: {
        nested: {
          DatasetService: { methods: { Get: { requestType: 'GetRequest', responseType: 'GetRequest' } } },
          GetRequest: { fields: { inner: { type: 'Outer.Inner', id: 1 } } },
          Outer: { fields: { other: { type: 'Other', id: 1 } }, nested: { Inner: { fields: { n: { type: 'int64', id: 1 } } } } },
          Other: { fields: { n: { type: 'int64', id: 1 } } },
          Unused: { fields: {} },
        },
      },
    });
    const pruned = onlyScannedServices(json) as any;
    expect(Object.keys(pruned.nested.google.nested.cloud.nested.aiplatform.nested.v1.nested).sort()).toEqual(['DatasetService', 'GetRequest', 'Other', 'Outer']);
    expect(() => protobuf.Root.fromJSON(pruned).resolveAll()).not.toThrow();
  });

  it('google-gax through scannerGax loads a package once and builds working clients', () => {
    const gax = scannerGax(loadGax());
    expect(scannerGax(loadGax())).toBe(gax);
    // another copy of google-gax gets its own wrapper, never the first one's
    const other = Object.create(loadGax()) as ReturnType<typeof loadGax>;
    expect(Object.getPrototypeOf(scannerGax(other))).toBe(other);
    const json = protosOf('@google-cloud/notebooks');
    const client = new gax.GrpcClient();
    const first = client.loadProtoJSON(json as never);
    expect(new gax.GrpcClient().loadProtoJSON(json as never)).toBe(first);
    expect(gax.protobufFromJSON(json)).toBe(gax.protobufFromJSON(json));
    const { DatasetServiceClient } = require('@google-cloud/aiplatform/build/src/v1/dataset_service_client.js');
    const opts = { apiEndpoint: 'localhost', port: 1, sslCreds: gax.grpc.credentials.createInsecure(), authClient: new gax.googleAuthLibrary.PassThroughClient() };
    const dataset = new DatasetServiceClient(opts, gax);
    expect(typeof dataset.listDatasets).toBe('function');
    return dataset.close();
  });

  // a client whose service SCANNED_SERVICES leaves out fails when built (a long-running operation type it looks up is not there)
  it('builds every generated client the connector takes google-gax 5 for', async () => {
    const gax = scannerGax(loadGax());
    const opts = { apiEndpoint: 'localhost', port: 1, sslCreds: gax.grpc.credentials.createInsecure(), authClient: new gax.googleAuthLibrary.PassThroughClient() };
    const names = ['DatasetServiceClient', 'PipelineServiceClient', 'JobServiceClient', 'ModelServiceClient', 'EndpointServiceClient', 'ProjectsClient', 'FoldersClient', 'NotebookServiceClient'] as const;
    for (const name of names) {
      const Client = loadClientClass<new (o: object, g: unknown) => { initialize(): Promise<unknown>; close(): Promise<void> }>(name);
      const client = new Client(opts, gax);
      await client.initialize();
      await client.close();
    }
  });
});
