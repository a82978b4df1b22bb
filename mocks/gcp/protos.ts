// The protobuf definitions the gRPC fakes serve, taken from the Google client packages themselves, so the fakes
// speak exactly the messages the clients were generated from. Loaded lazily and cached (aiplatform's bundle is 4 MB).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type protobuf from 'protobufjs';
import { loadRoot } from './proto-json.js';

const require = createRequire(import.meta.url);

export type ProtoBundle = 'aiplatform' | 'resourcemanager' | 'notebooks' | 'orgpolicy' | 'common';

const BUNDLE_FILES: Record<Exclude<ProtoBundle, 'common'>, string> = {
  aiplatform: '@google-cloud/aiplatform/build/protos/protos.json',
  resourcemanager: '@google-cloud/resource-manager/build/protos/protos.json',
  notebooks: '@google-cloud/notebooks/build/protos/protos.json',
  orgpolicy: '@google-cloud/org-policy/build/protos/protos.json',
};

/**
 * google.cloud.location.Locations and google.rpc.{Status, ErrorInfo}: shipped inside google-gax, which does not export
 * its proto files, so they are restated here field for field (google/cloud/location/locations.proto,
 * google/rpc/status.proto, google/rpc/error_details.proto).
 */
const COMMON = {
  nested: {
    google: {
      nested: {
        protobuf: {
          nested: {
            Any: { fields: { type_url: { type: 'string', id: 1 }, value: { type: 'bytes', id: 2 } } },
          },
        },
        rpc: {
          nested: {
            Status: { fields: { code: { type: 'int32', id: 1 }, message: { type: 'string', id: 2 }, details: { rule: 'repeated', type: 'google.protobuf.Any', id: 3 } } },
            ErrorInfo: { fields: { reason: { type: 'string', id: 1 }, domain: { type: 'string', id: 2 }, metadata: { keyType: 'string', type: 'string', id: 3 } } },
          },
        },
        cloud: {
          nested: {
            location: {
              nested: {
                Locations: {
                  methods: {
                    ListLocations: { requestType: 'ListLocationsRequest', responseType: 'ListLocationsResponse' },
                    GetLocation: { requestType: 'GetLocationRequest', responseType: 'Location' },
                  },
                },
                ListLocationsRequest: { fields: { name: { type: 'string', id: 1 }, filter: { type: 'string', id: 2 }, pageSize: { type: 'int32', id: 3 }, pageToken: { type: 'string', id: 4 } } },
                ListLocationsResponse: { fields: { locations: { rule: 'repeated', type: 'Location', id: 1 }, nextPageToken: { type: 'string', id: 2 } } },
                GetLocationRequest: { fields: { name: { type: 'string', id: 1 } } },
                Location: {
                  fields: {
                    name: { type: 'string', id: 1 },
                    locationId: { type: 'string', id: 4 },
                    displayName: { type: 'string', id: 5 },
                    labels: { keyType: 'string', type: 'string', id: 2 },
                    metadata: { type: 'google.protobuf.Any', id: 3 },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
};

/** Drops the v1beta1 (and other preview) packages the fakes never serve: half the aiplatform bundle's load time. */
function withoutPreviewVersions(json: protobuf.INamespace): protobuf.INamespace {
  const walk = (ns: protobuf.INamespace) => {
    for (const [name, child] of Object.entries(ns.nested ?? {})) {
      if (/^v\d+(alpha|beta)\d*$/.test(name)) delete ns.nested![name];
      else walk(child as protobuf.INamespace);
    }
  };
  walk(json);
  return json;
}

const jsonCache = new Map<ProtoBundle, protobuf.INamespace>();
const rootCache = new Map<ProtoBundle, protobuf.Root>();

export function bundleJson(bundle: ProtoBundle): protobuf.INamespace {
  let json = jsonCache.get(bundle);
  if (!json) {
    json = bundle === 'common' ? (COMMON as protobuf.INamespace) : withoutPreviewVersions(JSON.parse(readFileSync(require.resolve(BUNDLE_FILES[bundle]), 'utf8')) as protobuf.INamespace);
    jsonCache.set(bundle, json);
  }
  return json;
}

export function bundleRoot(bundle: ProtoBundle): protobuf.Root {
  let root = rootCache.get(bundle);
  if (!root) {
    root = loadRoot(bundleJson(bundle));
    rootCache.set(bundle, root);
  }
  return root;
}
