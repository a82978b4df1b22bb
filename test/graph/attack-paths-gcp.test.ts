import { beforeAll, describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { INTERNET, domainPrincipal, gcpMemberPrincipal, gcpProjectPrincipal, gcsBucketId, noTrust, type Finding } from '../../src/model/index.js';
import { graphStage, evaluatePathRules, loadPathRules, pathRuleIds, type PathRule } from '../../src/graph/index.js';
import { edge, evidence, gcp, inventory } from './builders.js';

const OTHER_PROJECT = gcpProjectPrincipal('other-proj');
const PARTNER = domainPrincipal('partner.example');
const EVE = gcpMemberPrincipal('user:eve@evil.example');
const EVIL_DOMAIN = domainPrincipal('evil.example');

const dataset = gcp.dataset('101', ['gs://vertex-data/images/']);
const pipeline = gcp.pipeline('201');
const model = gcp.model('301', { artifactUri: 'gs://vertex-models/fraud/' });
const endpoint = gcp.endpoint('401', [model.id]);
const partnerDataset = gcp.dataset('102', ['gs://partner-drop/']);
const partnerPipeline = gcp.pipeline('202');
const partnerModel = gcp.model('302');
const partnerEndpoint = gcp.endpoint('402', [partnerModel.id]);
const privDataset = gcp.dataset('103', ['gs://private-data/']);
const privPipeline = gcp.pipeline('203');
const privModel = gcp.model('303');
const privEndpoint = gcp.endpoint('403', [privModel.id], { publicEndpoint: false, privateServiceConnect: true });
const trainer = gcp.serviceAccount('trainer@ml-prod.iam.gserviceaccount.com');
const b = { data: gcsBucketId('vertex-data'), models: gcsBucketId('vertex-models'), partner: gcsBucketId('partner-drop'), priv: gcsBucketId('private-data') };

function scenario() {
  return inventory(
    [
      gcp.bucket('vertex-data'),
      gcp.bucket('vertex-models'),
      gcp.bucket('partner-drop'),
      gcp.bucket('private-data'),
      dataset,
      pipeline,
      model,
      endpoint,
      partnerDataset,
      partnerPipeline,
      partnerModel,
      partnerEndpoint,
      privDataset,
      privPipeline,
      privModel,
      privEndpoint,
      trainer,
    ],
    [
      edge(INTERNET, 'can-write', b.data, { prefix: 'images/', evidence: evidence('allUsers has roles/storage.objectCreator', 'iam-binding') }),
      edge(dataset.id, 'imports-from', b.data, { prefix: 'images/' }),
      edge(pipeline.id, 'reads-from', dataset.id),
      edge(pipeline.id, 'produces', model.id),
      edge(model.id, 'stored-in', b.models, { prefix: 'fraud/' }),
      edge(endpoint.id, 'serves', model.id),
      edge(OTHER_PROJECT, 'can-write', b.models, { evidence: evidence('projectEditor:other-proj has roles/storage.objectAdmin', 'iam-binding') }),
      edge(PARTNER, 'can-write', b.partner, { evidence: evidence('domain:partner.example has roles/storage.objectCreator', 'iam-binding') }),
      edge(partnerDataset.id, 'imports-from', b.partner),
      edge(partnerPipeline.id, 'reads-from', partnerDataset.id),
      edge(partnerPipeline.id, 'produces', partnerModel.id),
      edge(partnerEndpoint.id, 'serves', partnerModel.id),
      edge(EVE, 'can-write', b.priv, { evidence: evidence('user:eve@evil.example has roles/storage.objectAdmin', 'iam-binding') }),
      edge(privDataset.id, 'imports-from', b.priv),
      edge(privPipeline.id, 'reads-from', privDataset.id),
      edge(privPipeline.id, 'produces', privModel.id),
      edge(privEndpoint.id, 'serves', privModel.id),
      edge(EVIL_DOMAIN, 'can-assume', trainer.id, { evidence: evidence('domain:evil.example has roles/iam.serviceAccountTokenCreator', 'iam-binding') }),
      edge(trainer.id, 'can-write', b.data, { evidence: evidence('trainer has roles/storage.objectAdmin on vertex-data', 'iam-binding') }),
    ],
  );
}

let rules: PathRule[];
let findings: Finding[];
beforeAll(async () => {
  rules = await loadPathRules(resolve('rules/paths'));
  findings = evaluatePathRules(graphStage(scenario(), { ...noTrust(), trustedDomains: ['partner.example'] }), rules);
});
const routeOf = (f: Finding) => [f.hops![0].from, ...f.hops!.map((h) => h.to)];
const routes = (ruleId: string) => findings.filter((f) => f.ruleId === ruleId).map(routeOf);
/** routes a rule reports, as its own findings or merged into another rule's finding for the same route */
const matched = (ruleId: string) => findings.filter((f) => pathRuleIds(f).includes(ruleId)).map(routeOf);

describe('attack paths over a Google Cloud estate', () => {
  it('poisoning through a Vertex dataset and pipeline to a public endpoint', () => {
    expect(routes('PATH-001')).toContainEqual([INTERNET, b.data, dataset.id, pipeline.id, model.id, endpoint.id]);
    expect(findings.find((f) => f.ruleId === 'PATH-001' && f.source === INTERNET)!.severity).toBe('critical');
    expect(matched('PATH-005')).toContainEqual([INTERNET, b.data, dataset.id, pipeline.id, model.id, endpoint.id]);
    expect(routes('PATH-005')).toEqual([]);
  });

  it('artifact tampering by another project', () => {
    expect(routes('PATH-003')).toEqual([[OTHER_PROJECT, b.models, model.id, endpoint.id]]);
  });

  it('service account impersonation by an outside domain', () => {
    expect(routes('PATH-004')).toEqual([[EVIL_DOMAIN, trainer.id, b.data, dataset.id, pipeline.id, model.id, endpoint.id]]);
  });

  it('a private endpoint is poisonable but not exposed', () => {
    expect(routes('PATH-001')).toContainEqual([EVE, b.priv, privDataset.id, privPipeline.id, privModel.id, privEndpoint.id]);
    expect(matched('PATH-005').some((r) => r.includes(privEndpoint.id))).toBe(false);
  });

  it('a trusted partner domain produces no path', () => {
    expect(findings.some((f) => routeOf(f).includes(b.partner))).toBe(false);
  });
});
