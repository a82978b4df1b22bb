import { describe, expect, it } from 'vitest';
import { noTrust, s3BucketArn, type Resource } from '../../src/model/index.js';
import { graphStage } from '../../src/graph/index.js';
import { parseRuleText } from '../../src/rules/load.js';
import { evaluateRuleOn } from '../../src/rules/evaluate.js';
import { renderMessage } from '../../src/rules/message.js';
import { aws, edge, gcp, inventory } from './builders.js';
import { awsScenario, ids } from './aws-scenario.js';

function annotated() {
  const inv = awsScenario();
  graphStage(inv, noTrust());
  return (id: string) => inv.resources.find((r) => r.id === id)!.related!;
}

describe('related annotation', () => {
  it('fills related on every resource', () => {
    const inv = awsScenario();
    graphStage(inv, noTrust());
    for (const r of inv.resources) expect(r.related, r.id).toBeDefined();
  });

  it('a bucket read by a deployed training job feeds training and is deployed', () => {
    const rel = annotated()(ids.mlData);
    expect(rel.feedsTraining).toBe(true);
    expect(rel.deployed).toBe(true);
    expect(rel.servingEndpoints).toEqual([ids.endpoint]);
    expect(rel.feeds).toEqual([{ id: ids.job, kind: 'aws.sagemaker.training-job', category: 'ml.training', via: 'reads-from', prefix: 'train/' }]);
  });

  it('a bucket whose job produced an undeployed model feeds training but is not deployed', () => {
    const rel = annotated()(ids.staging);
    expect(rel).toMatchObject({ feedsTraining: true, deployed: false, servingEndpoints: [] });
  });

  it('models, jobs and endpoint configs of a serving endpoint are deployed', () => {
    const related = annotated();
    for (const id of [ids.job, ids.model, ids.config, ids.endpoint]) expect(related(id).deployed, id).toBe(true);
    expect(related(ids.model).fedBy.map((r) => r.via).sort()).toEqual(['produces', 'stored-in']);
    expect(related(ids.expModel).deployed).toBe(false);
  });

  it('artifact and knowledge base buckets', () => {
    const related = annotated();
    expect(related(ids.artifacts)).toMatchObject({ holdsModelArtifacts: true, deployed: true, feedsTraining: false });
    expect(related(ids.kbDocs)).toMatchObject({ feedsKnowledgeBase: true, feedsTraining: false, deployed: false });
    expect(related(ids.publicAssets)).toMatchObject({ feeds: [], fedBy: [], feedsTraining: false, deployed: false });
  });

  it('deployment does not leak through a bucket between prefixes that do not overlap', () => {
    const scratchJob = aws.trainingJob('scratch', []);
    const servedModel = aws.model('served');
    const inv = inventory(
      [aws.bucket('shared'), scratchJob, servedModel, aws.endpointConfig('c', 'served'), aws.endpoint('e', 'c')],
      [
        edge(scratchJob.id, 'writes-to', s3BucketArn('shared'), { prefix: 'scratch/' }),
        edge(servedModel.id, 'stored-in', s3BucketArn('shared'), { prefix: 'models/served/' }),
        edge(aws.endpointConfig('c', 'served').id, 'uses', servedModel.id),
        edge(aws.endpoint('e', 'c').id, 'uses', aws.endpointConfig('c', 'served').id),
      ],
    );
    graphStage(inv, noTrust());
    const by = (id: string) => inv.resources.find((r: Resource) => r.id === id)!.related!;
    expect(by(scratchJob.id).deployed).toBe(false);
    expect(by(s3BucketArn('shared'))).toMatchObject({ deployed: true, holdsModelArtifacts: true });
    expect(by(servedModel.id).deployed).toBe(true);
  });

  it('walks from each serving endpoint in turn, a bucket by each prefix it is entered by', () => {
    // two endpoints, each serving a model stored in one shared bucket under its own prefix; each model's job reads
    // the data bucket and writes the shared bucket under the model's prefix; a third job writes only logs there. The
    // first model is also stored in a second bucket, so its walk holds two buckets entered by different prefixes
    const job1 = aws.trainingJob('j1', []);
    const job2 = aws.trainingJob('j2', []);
    const logs = aws.trainingJob('logs', []);
    const [m1, m2] = [aws.model('m1'), aws.model('m2')];
    const [c1, c2] = [aws.endpointConfig('c1', 'm1'), aws.endpointConfig('c2', 'm2')];
    const [e1, e2] = [aws.endpoint('e1', 'c1'), aws.endpoint('e2', 'c2')];
    const data = s3BucketArn('data');
    const shared = s3BucketArn('shared');
    const inv = inventory(
      [aws.bucket('data'), aws.bucket('other'), aws.bucket('shared'), job1, job2, logs, m1, m2, c1, c2, e1, e2],
      [
        edge(job1.id, 'reads-from', data),
        edge(job2.id, 'reads-from', data),
        edge(job1.id, 'writes-to', shared, { prefix: 'models/1/' }),
        edge(job2.id, 'writes-to', shared, { prefix: 'models/2/' }),
        edge(logs.id, 'writes-to', shared, { prefix: 'logs/' }),
        edge(m1.id, 'stored-in', s3BucketArn('other'), { prefix: 'x/' }),
        edge(m1.id, 'stored-in', shared, { prefix: 'models/1/model.tar.gz' }),
        edge(m2.id, 'stored-in', shared, { prefix: 'models/2/model.tar.gz' }),
        edge(c1.id, 'uses', m1.id),
        edge(c2.id, 'uses', m2.id),
        edge(e1.id, 'uses', c1.id),
        edge(e2.id, 'uses', c2.id),
      ],
    );
    graphStage(inv, noTrust());
    const by = (id: string) => inv.resources.find((r: Resource) => r.id === id)!.related!;
    expect(by(data)).toMatchObject({ deployed: true, servingEndpoints: [e1.id, e2.id] });
    expect(by(shared)).toMatchObject({ deployed: true, servingEndpoints: [e1.id, e2.id] });
    expect(by(job1.id).servingEndpoints).toEqual([e1.id]);
    expect(by(job2.id).servingEndpoints).toEqual([e2.id]);
    expect(by(logs.id)).toMatchObject({ deployed: false, servingEndpoints: [] });
  });

  it('an endpoint that is not in service deploys nothing', () => {
    const m = aws.model('m');
    const c = aws.endpointConfig('c', 'm');
    const e = aws.endpoint('e', 'c', 'Failed');
    const inv = inventory([m, c, e], [edge(c.id, 'uses', m.id), edge(e.id, 'uses', c.id)]);
    graphStage(inv, noTrust());
    expect(inv.resources.find((r) => r.id === m.id)!.related!.deployed).toBe(false);
  });

  it('a Vertex endpoint that serves a model deploys it and its dataset bucket', () => {
    const ds = gcp.dataset('1', ['gs://d/']);
    const p = gcp.pipeline('2');
    const m = gcp.model('3');
    const ep = gcp.endpoint('4', [m.id]);
    const bucket = gcp.bucket('d');
    const inv = inventory([bucket, ds, p, m, ep], [edge(ds.id, 'imports-from', bucket.id), edge(p.id, 'reads-from', ds.id), edge(p.id, 'produces', m.id), edge(ep.id, 'serves', m.id)]);
    graphStage(inv, noTrust());
    const rel = inv.resources.find((r) => r.id === bucket.id)!.related!;
    expect(rel).toMatchObject({ feedsTraining: true, deployed: true, servingEndpoints: [ep.id] });
  });

  it('makes feeds and fedBy on read; JSON and rule conditions see them as the plain object of the schema', () => {
    const rel = annotated()(ids.mlData);
    const plain = JSON.parse(JSON.stringify(rel));
    expect(Object.keys(plain)).toEqual(['feeds', 'fedBy', 'feedsTraining', 'feedsKnowledgeBase', 'holdsModelArtifacts', 'deployed', 'servingEndpoints']);
    expect(plain.feeds).toEqual([{ id: ids.job, kind: 'aws.sagemaker.training-job', category: 'ml.training', via: 'reads-from', prefix: 'train/' }]);
    expect(rel.feeds).toEqual(plain.feeds);
    expect(rel.fedBy).toEqual(plain.fedBy);
    expect(renderMessage('{{resource.related}}', { related: rel })).toBe(JSON.stringify(plain));
    const inv = awsScenario();
    graphStage(inv, noTrust());
    const conditions = [
      "resource.related.feeds.exists(r, r.via == 'reads-from' && r.prefix == 'train/')",
      'resource.related.feeds.size() + resource.related.fedBy.size() > 0',
      'has(resource.related.feeds) && resource.related.feedsTraining',
      // has() inside a comprehension: the closure compiler's, not the generated code's
      '[1].exists(x, has(resource.related.fedBy)) && resource.related.feedsTraining',
      'resource.related == resource.related',
      // members as the schema's object has them: the JSON copy's, not the related object's own
      'resource.related.size() == 7',
      "resource.related.exists(k, k == 'feeds') && resource.related.all(k, k != 'lineageNode')",
      "['lineageNode', 'feedsTraining'].exists(k, resource.related[k] == true || resource.related[k] == 0)",
      // the node a related object is of is no member (the schema checks fields read from `resource`, not from r)
      '[resource.related].exists(r, has(r.lineageNode) || r.lineageNode == 0) || resource.related.feedsTraining',
    ];
    for (const condition of conditions) {
      const text = `id: AWS-S3-952\ntitle: t\nseverity: low\nresource: aws.s3.bucket\ncondition: ${JSON.stringify(condition)}\nmessage: m\ndescription: d\nremediation: r\n`;
      const parsed = parseRuleText(text, { file: 'AWS-S3-952.yaml', source: 'AWS-S3-952.yaml' });
      expect(parsed.errors).toEqual([]);
      const rule = { ...parsed.rule!, file: 'AWS-S3-952.yaml' };
      let failed = 0;
      for (const r of inv.resources.filter((x) => x.kind === 'aws.s3.bucket')) {
        const outcome = evaluateRuleOn(rule, r);
        // as JSON: evidence of `related` as a whole holds the object itself
        expect(JSON.stringify(outcome), `${condition} on ${r.id}`).toBe(JSON.stringify(evaluateRuleOn(rule, JSON.parse(JSON.stringify(r)))));
        if (outcome.status === 'fail') failed++;
      }
      expect(failed, condition).toBeGreaterThan(0);
    }
  });
});
