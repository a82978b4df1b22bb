// Bedrock control plane (REST-JSON): custom models, customization jobs, guardrails, invocation logging.
// Pages: nextToken/maxResults 1-1000 (default 100: AWS documents no default). Timestamps are ISO strings.
import { AwsError } from '../errors.js';
import { decodeToken, invalidToken, page, pageSize } from '../pagination.js';
import { jsonErrorReply, jsonReply } from '../protocols.js';
import type { AwsScenario } from '../scenario.js';
import type { AwsRequest, RoutedOperation, ServiceFake } from '../server.js';
import { isoTimestamps, pick } from './json-values.js';

const LIMITS = { default: 100, max: 1000 };
const DEFAULT_TIME = '2025-01-01T00:00:00.000Z';
type Entry = Record<string, any>;

export function restJsonPage(req: AwsRequest, items: Entry[], op: string, input: { maxResults?: unknown; nextToken?: unknown }) {
  const salt = `${op}:${req.region}:${req.path}`;
  const size = pageSize(input.maxResults, LIMITS, (m) => new AwsError('ValidationException', m, 400), 'maxResults');
  const offset = decodeToken(input.nextToken as string | undefined, salt, invalidToken());
  return page(items, offset, size, salt);
}

const sortByCreation = (items: Entry[], order: string | null, field = 'creationTime') =>
  [...items].sort((a, b) => String(a[field]).localeCompare(String(b[field])) * (order === 'Ascending' ? 1 : -1));

export function createBedrockFake(scenario: AwsScenario): ServiceFake {
  const account = scenario.accountId;
  const state = (r: string) => scenario.regions[r]?.bedrock;
  const models = (r: string): Entry[] =>
    (state(r)?.CustomModels ?? []).map((m) => ({ modelArn: `arn:aws:bedrock:${r}:${account}:custom-model/${m.modelName}`, creationTime: DEFAULT_TIME, modelStatus: 'Active', ...(isoTimestamps(m) as Entry) }));
  const jobs = (r: string): Entry[] =>
    (state(r)?.ModelCustomizationJobs ?? []).map((j) => ({ jobArn: `arn:aws:bedrock:${r}:${account}:model-customization-job/${j.jobName}`, creationTime: DEFAULT_TIME, status: 'Completed', ...(isoTimestamps(j) as Entry) }));
  const guardrails = (r: string): Entry[] =>
    (state(r)?.Guardrails ?? []).map((g) => ({ guardrailArn: `arn:aws:bedrock:${r}:${account}:guardrail/${g.guardrailId}`, version: 'DRAFT', status: 'READY', createdAt: DEFAULT_TIME, updatedAt: DEFAULT_TIME, ...(isoTimestamps(g) as Entry) }));

  const notFound = (what: string, id: string) => new AwsError('ResourceNotFoundException', `The specified ${what} ${id} couldn't be found.`, 404);
  const q = (req: AwsRequest) => ({ maxResults: req.query.get('maxResults') ?? undefined, nextToken: req.query.get('nextToken') ?? undefined });
  const contains = (value: unknown, needle: string | null) => needle === null || String(value ?? '').includes(needle);

  function route(req: AwsRequest): RoutedOperation {
    const segs = req.path.split('/').filter(Boolean).map(decodeURIComponent);
    if (req.method === 'GET') {
      if (segs[0] === 'custom-models' && segs.length === 1) {
        return {
          operation: 'ListCustomModels',
          handle: () => {
            const items = sortByCreation(models(req.region).filter((m) => contains(m.modelName, req.query.get('nameContains')) && (req.query.get('baseModelArnEquals') === null || m.baseModelArn === req.query.get('baseModelArnEquals'))), req.query.get('sortOrder'));
            const p = restJsonPage(req, items, 'ListCustomModels', q(req));
            return jsonReply({
              modelSummaries: p.items.map((m) => ({ ...pick(m, ['modelArn', 'modelName', 'creationTime', 'baseModelArn', 'baseModelName', 'customizationType', 'ownerAccountId', 'modelStatus']), baseModelName: m.baseModelName ?? String(m.baseModelArn ?? '').split('/').pop() ?? '', ownerAccountId: m.ownerAccountId ?? account })),
              nextToken: p.next,
            });
          },
        };
      }
      if (segs[0] === 'custom-models' && segs.length === 2) {
        const id = segs[1];
        return { operation: 'GetCustomModel', resources: [id], handle: () => jsonReply(models(req.region).find((m) => m.modelArn === id || m.modelName === id) ?? (() => { throw notFound('model', id); })()) };
      }
      if (segs[0] === 'model-customization-jobs' && segs.length === 1) {
        return {
          operation: 'ListModelCustomizationJobs',
          handle: () => {
            const status = req.query.get('statusEquals');
            const items = sortByCreation(jobs(req.region).filter((j) => contains(j.jobName, req.query.get('nameContains')) && (status === null || j.status === status)), req.query.get('sortOrder'));
            const p = restJsonPage(req, items, 'ListModelCustomizationJobs', q(req));
            return jsonReply({
              modelCustomizationJobSummaries: p.items.map((j) => ({ ...pick(j, ['jobArn', 'baseModelArn', 'jobName', 'status', 'statusDetails', 'lastModifiedTime', 'creationTime', 'endTime', 'customizationType']), customModelArn: j.outputModelArn, customModelName: j.outputModelName })),
              nextToken: p.next,
            });
          },
        };
      }
      if (segs[0] === 'model-customization-jobs' && segs.length === 2) {
        const id = segs[1];
        return { operation: 'GetModelCustomizationJob', resources: [id], handle: () => jsonReply(jobs(req.region).find((j) => j.jobArn === id || j.jobName === id) ?? (() => { throw notFound('job', id); })()) };
      }
      if (segs[0] === 'guardrails' && segs.length === 1) {
        return {
          operation: 'ListGuardrails',
          resources: [req.query.get('guardrailIdentifier') ?? ''],
          handle: () => {
            const ident = req.query.get('guardrailIdentifier');
            const all = guardrails(req.region);
            const items = ident ? all.filter((g) => g.guardrailId === ident || g.guardrailArn === ident) : all.filter((g) => g.version === 'DRAFT');
            const p = restJsonPage(req, items, 'ListGuardrails', q(req));
            return jsonReply({
              guardrails: p.items.map((g) => ({ id: g.guardrailId, arn: g.guardrailArn, status: g.status, name: g.name, description: g.description, version: g.version, createdAt: g.createdAt, updatedAt: g.updatedAt })),
              nextToken: p.next,
            });
          },
        };
      }
      if (segs[0] === 'guardrails' && segs.length === 2) {
        const id = segs[1];
        return {
          operation: 'GetGuardrail',
          resources: [id],
          handle: () => {
            const version = req.query.get('guardrailVersion') ?? 'DRAFT';
            const g = guardrails(req.region).find((x) => (x.guardrailId === id || x.guardrailArn === id) && x.version === version);
            if (!g) throw notFound('guardrail', `${id} (version ${version})`);
            return jsonReply(g);
          },
        };
      }
      if (req.path === '/logging/modelinvocations') {
        return { operation: 'GetModelInvocationLoggingConfiguration', handle: () => jsonReply(state(req.region)?.LoggingConfig ? { loggingConfig: isoTimestamps(state(req.region)?.LoggingConfig) } : {}) };
      }
    }
    throw new AwsError('UnknownOperationException', `The mock Bedrock does not implement ${req.method} ${req.path} (read-only subset).`, 404);
  }

  return { service: 'bedrock', route, errorReply: jsonErrorReply('application/json') };
}
