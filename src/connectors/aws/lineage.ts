import { parseStorageUri, type Edge, type EdgeType, type Resource, type ResourceOf } from '../../model/index.js';

/**
 * Lineage edges derived from collected AWS resources (pure): jobs read their inputs and write their outputs,
 * training produces models, models are stored in their artifact location, endpoints use configs that use
 * models, endpoints write captured and asynchronous inference data, workloads use their execution roles, knowledge
 * bases source data from buckets. Storage URIs resolve to the bucket resource id with the prefix and URI kept on
 * the edge. Also fills `trainingJobName` on models whose artifact a collected training job produced.
 */
export function lineageEdges(resources: Resource[]): Edge[] {
  const edges: Edge[] = [];
  const storage = (from: string, type: EdgeType, uri: string | undefined) => {
    if (!uri) return;
    const loc = parseStorageUri(s3UriOfHttps(uri) ?? uri);
    if (loc) edges.push({ from, to: loc.bucketId, type, ...(loc.prefix ? { prefix: loc.prefix } : {}), uri });
  };
  const role = (from: string, roleArn: string | undefined) => {
    if (roleArn) edges.push({ from, to: roleArn, type: 'uses-role' });
  };
  const byKind = <K extends Resource['kind']>(kind: K) => resources.filter((r): r is ResourceOf<K> & Resource => r.kind === kind);
  const nameKey = (r: Resource) => `${r.account}\u0000${r.region}\u0000${r.name.toLowerCase()}`;
  const index = <K extends Resource['kind']>(kind: K) => new Map(byKind(kind).map((r) => [nameKey(r), r]));

  const trainingJobs = byKind('aws.sagemaker.training-job');
  const models = byKind('aws.sagemaker.model');
  const modelsByName = index('aws.sagemaker.model');
  const configsByName = index('aws.sagemaker.endpoint-config');
  const groups = new Map(byKind('aws.sagemaker.model-package-group').map((g) => [g.id, g]));

  for (const job of trainingJobs) {
    for (const input of job.inputs) storage(job.id, 'reads-from', input.s3Uri);
    storage(job.id, 'writes-to', job.outputPath);
    storage(job.id, 'writes-to', job.modelArtifacts);
    // SageMaker uploads checkpoints there and copies them back into the container when the job (re)starts
    storage(job.id, 'writes-to', job.checkpointS3Uri);
    storage(job.id, 'reads-from', job.checkpointS3Uri);
    // diagnosticOutputs (Debugger, TensorBoard, Profiler) stay fields: a writes-to edge from a training job marks its
    // bucket as holding model artifacts, which they are not, and the job never reads them back
    role(job.id, job.roleArn);
  }
  for (const job of byKind('aws.sagemaker.processing-job')) {
    for (const input of job.inputs) storage(job.id, 'reads-from', input.s3Uri);
    for (const output of job.outputs) storage(job.id, 'writes-to', output.s3Uri);
    role(job.id, job.roleArn);
  }
  for (const model of models) {
    for (const c of model.containers) {
      storage(model.id, 'stored-in', c.modelDataUrl);
      for (const url of c.additionalModelDataUrls ?? []) storage(model.id, 'stored-in', url);
      const groupArn = c.modelPackageName ? modelPackageGroupArn(c.modelPackageName) : undefined;
      if (groupArn && groups.has(groupArn)) edges.push({ from: model.id, to: groupArn, type: 'imports-from' });
    }
    role(model.id, model.executionRoleArn);
    const producer = trainingJobs.find((job) => job.account === model.account && job.region === model.region && model.containers.some((c) => c.modelDataUrl && producedBy(job, c.modelDataUrl)));
    if (producer) {
      edges.push({ from: producer.id, to: model.id, type: 'produces' });
      model.trainingJobName = producer.name;
    }
  }
  for (const group of groups.values()) for (const p of group.packages) for (const url of p.modelDataUrls) storage(group.id, 'stored-in', url);
  const inferenceOutputs = (r: ResourceOf<'aws.sagemaker.endpoint-config' | 'aws.sagemaker.endpoint'>) => {
    storage(r.id, 'writes-to', r.dataCaptureDestination);
    storage(r.id, 'writes-to', r.asyncOutputPath);
    storage(r.id, 'writes-to', r.asyncFailurePath);
  };
  for (const config of byKind('aws.sagemaker.endpoint-config')) {
    for (const v of [...config.productionVariants, ...(config.shadowProductionVariants ?? [])]) {
      const model = modelsByName.get(`${config.account}\u0000${config.region}\u0000${v.modelName.toLowerCase()}`);
      if (model) edges.push({ from: config.id, to: model.id, type: 'uses' });
    }
    inferenceOutputs(config);
    role(config.id, config.executionRoleArn);
  }
  for (const endpoint of byKind('aws.sagemaker.endpoint')) {
    const config = configsByName.get(`${endpoint.account}\u0000${endpoint.region}\u0000${endpoint.endpointConfigName.toLowerCase()}`);
    if (config) edges.push({ from: endpoint.id, to: config.id, type: 'uses' });
    inferenceOutputs(endpoint);
  }
  for (const nb of byKind('aws.sagemaker.notebook-instance')) role(nb.id, nb.roleArn);
  for (const domain of byKind('aws.sagemaker.domain')) role(domain.id, domain.defaultExecutionRole);

  const customModels = byKind('aws.bedrock.custom-model');
  for (const job of byKind('aws.bedrock.customization-job')) {
    storage(job.id, 'reads-from', job.trainingDataS3Uri);
    storage(job.id, 'reads-from', job.invocationLogsS3Uri);
    for (const uri of job.validationDataS3Uris) storage(job.id, 'reads-from', uri);
    storage(job.id, 'writes-to', job.outputDataS3Uri);
    role(job.id, job.roleArn);
    const produced = customModels.find((m) => m.id === job.outputModelArn || m.jobArn === job.id);
    if (produced) edges.push({ from: job.id, to: produced.id, type: 'produces' });
  }
  for (const kb of byKind('aws.bedrock.knowledge-base')) {
    role(kb.id, kb.roleArn);
    for (const ds of kb.dataSources) {
      if (!ds.bucketArn) continue;
      const loc = parseStorageUri(ds.bucketArn);
      if (!loc) continue;
      if (ds.inclusionPrefixes.length === 0) edges.push({ from: kb.id, to: loc.bucketId, type: 'sources-data-from', uri: `s3://${loc.bucket}/` });
      for (const prefix of ds.inclusionPrefixes) edges.push({ from: kb.id, to: loc.bucketId, type: 'sources-data-from', prefix, uri: `s3://${loc.bucket}/${prefix}` });
    }
  }
  return dedupe(edges);
}

/**
 * SageMaker's S3 URI fields (S3Uri, ModelDataUrl, S3OutputPath, ...) accept `^(https|s3)://([^/]+)/?(.*)$`: an https
 * URL of an S3 endpoint, virtual-hosted (`https://BUCKET.s3.REGION.amazonaws.com/KEY`) or path-style
 * (`https://s3.REGION.amazonaws.com/BUCKET/KEY`), is the same location as `s3://BUCKET/KEY`. Other URLs: undefined.
 */
export function s3UriOfHttps(uri: string): string | undefined {
  const m = /^https:\/\/([^/]+)\/?(.*)$/i.exec(uri.trim());
  if (!m) return undefined;
  const host = /^(?:(.+)\.)?s3(?:[.-](?:dualstack\.)?[a-z0-9-]+)?\.amazonaws\.com(?:\.cn)?$/i.exec(m[1]);
  if (!host) return undefined;
  const path = m[2].replace(/[?#].*$/, '');
  const [bucket, key] = host[1] ? [host[1], path] : [path.split('/')[0], path.split('/').slice(1).join('/')];
  if (!bucket) return undefined;
  try {
    return `s3://${bucket}/${decodeURIComponent(key)}`;
  } catch {
    return `s3://${bucket}/${key}`;
  }
}

/** A training job produced an artifact when it is the job's own model artifact or lies under the job's output folder. */
export function producedBy(job: ResourceOf<'aws.sagemaker.training-job'>, modelDataUrl: string): boolean {
  if (job.modelArtifacts && job.modelArtifacts === modelDataUrl) return true;
  if (!job.outputPath) return false;
  const folder = `${job.outputPath.replace(/\/+$/, '')}/${job.name}/`;
  return modelDataUrl.startsWith(folder);
}

/** arn:aws:sagemaker:R:A:model-package/GROUP/VERSION -> arn:aws:sagemaker:R:A:model-package-group/GROUP */
export function modelPackageGroupArn(packageArn: string): string | undefined {
  const m = /^(arn:[^:]+:sagemaker:[^:]*:[^:]*):model-package\/([^/]+)\/\d+$/.exec(packageArn);
  return m ? `${m[1]}:model-package-group/${m[2]}` : undefined;
}

function dedupe(edges: Edge[]): Edge[] {
  const seen = new Set<string>();
  return edges.filter((e) => {
    const key = `${e.from}\u0000${e.type}\u0000${e.to}\u0000${e.prefix ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
