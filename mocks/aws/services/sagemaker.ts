// SageMaker (JSON 1.1, X-Amz-Target SageMaker.<Op>): List*/Describe* for the ML resource kinds, model packages and
// their group policies. Pages: NextToken/MaxResults 1-100, default 10. Timestamps are epoch seconds on the wire.
import { AwsError } from '../errors.js';
import { decodeToken, invalidToken, page, pageSize } from '../pagination.js';
import { jsonErrorReply, jsonReply } from '../protocols.js';
import type { AwsScenario } from '../scenario.js';
import type { AwsRequest, Reply, RoutedOperation, ServiceFake } from '../server.js';
import { epochTimestamps, omit, parseJsonBody, pick } from './json-values.js';

const CONTENT_TYPE = 'application/x-amz-json-1.1';
const LIMITS = { default: 10, max: 100 };
const DEFAULT_TIME = '2025-01-01T00:00:00.000Z';

type Entry = Record<string, any>;
type RegionState = NonNullable<NonNullable<AwsScenario['regions'][string]>['sagemaker']>;

interface Kind {
  list: string;
  describe: string;
  summaries: string;
  /** request member naming the resource in Describe*, and the entry field it matches */
  key: string;
  nameField: string;
  arnField: string;
  arnType: string;
  statusField?: string;
  defaultStatus?: string;
  summaryFields: readonly string[];
  notFound: 'ResourceNotFound' | 'ValidationException';
  entries(r: RegionState): Entry[];
}

const KINDS: Kind[] = [
  {
    list: 'ListTrainingJobs', describe: 'DescribeTrainingJob', summaries: 'TrainingJobSummaries', key: 'TrainingJobName', nameField: 'TrainingJobName',
    arnField: 'TrainingJobArn', arnType: 'training-job', statusField: 'TrainingJobStatus', defaultStatus: 'Completed',
    summaryFields: ['TrainingJobName', 'TrainingJobArn', 'CreationTime', 'TrainingEndTime', 'LastModifiedTime', 'TrainingJobStatus', 'SecondaryStatus', 'WarmPoolStatus', 'TrainingPlanArn'],
    notFound: 'ResourceNotFound', entries: (r) => r.TrainingJobs,
  },
  {
    list: 'ListProcessingJobs', describe: 'DescribeProcessingJob', summaries: 'ProcessingJobSummaries', key: 'ProcessingJobName', nameField: 'ProcessingJobName',
    arnField: 'ProcessingJobArn', arnType: 'processing-job', statusField: 'ProcessingJobStatus', defaultStatus: 'Completed',
    summaryFields: ['ProcessingJobName', 'ProcessingJobArn', 'CreationTime', 'ProcessingEndTime', 'LastModifiedTime', 'ProcessingJobStatus', 'FailureReason', 'ExitMessage'],
    notFound: 'ResourceNotFound', entries: (r) => r.ProcessingJobs,
  },
  {
    list: 'ListModels', describe: 'DescribeModel', summaries: 'Models', key: 'ModelName', nameField: 'ModelName', arnField: 'ModelArn', arnType: 'model',
    summaryFields: ['ModelName', 'ModelArn', 'CreationTime'], notFound: 'ValidationException', entries: (r) => r.Models,
  },
  {
    list: 'ListEndpointConfigs', describe: 'DescribeEndpointConfig', summaries: 'EndpointConfigs', key: 'EndpointConfigName', nameField: 'EndpointConfigName',
    arnField: 'EndpointConfigArn', arnType: 'endpoint-config', summaryFields: ['EndpointConfigName', 'EndpointConfigArn', 'CreationTime'],
    notFound: 'ValidationException', entries: (r) => r.EndpointConfigs,
  },
  {
    list: 'ListEndpoints', describe: 'DescribeEndpoint', summaries: 'Endpoints', key: 'EndpointName', nameField: 'EndpointName', arnField: 'EndpointArn',
    arnType: 'endpoint', statusField: 'EndpointStatus', defaultStatus: 'InService',
    summaryFields: ['EndpointName', 'EndpointArn', 'CreationTime', 'LastModifiedTime', 'EndpointStatus'], notFound: 'ValidationException', entries: (r) => r.Endpoints,
  },
  {
    list: 'ListNotebookInstances', describe: 'DescribeNotebookInstance', summaries: 'NotebookInstances', key: 'NotebookInstanceName', nameField: 'NotebookInstanceName',
    arnField: 'NotebookInstanceArn', arnType: 'notebook-instance', statusField: 'NotebookInstanceStatus', defaultStatus: 'InService',
    summaryFields: ['NotebookInstanceName', 'NotebookInstanceArn', 'NotebookInstanceStatus', 'Url', 'InstanceType', 'CreationTime', 'LastModifiedTime', 'NotebookInstanceLifecycleConfigName', 'DefaultCodeRepository', 'AdditionalCodeRepositories'],
    notFound: 'ValidationException', entries: (r) => r.NotebookInstances,
  },
  {
    list: 'ListDomains', describe: 'DescribeDomain', summaries: 'Domains', key: 'DomainId', nameField: 'DomainName', arnField: 'DomainArn', arnType: 'domain',
    statusField: 'Status', defaultStatus: 'InService', summaryFields: ['DomainArn', 'DomainId', 'DomainName', 'Status', 'CreationTime', 'LastModifiedTime', 'Url'],
    notFound: 'ResourceNotFound', entries: (r) => r.Domains,
  },
  {
    list: 'ListModelPackageGroups', describe: 'DescribeModelPackageGroup', summaries: 'ModelPackageGroupSummaryList', key: 'ModelPackageGroupName',
    nameField: 'ModelPackageGroupName', arnField: 'ModelPackageGroupArn', arnType: 'model-package-group', statusField: 'ModelPackageGroupStatus', defaultStatus: 'Completed',
    summaryFields: ['ModelPackageGroupName', 'ModelPackageGroupArn', 'ModelPackageGroupDescription', 'CreationTime', 'ModelPackageGroupStatus'],
    notFound: 'ValidationException', entries: (r) => r.ModelPackageGroups,
  },
];

const PACKAGE_SUMMARY = ['ModelPackageName', 'ModelPackageGroupName', 'ModelPackageVersion', 'ModelPackageArn', 'ModelPackageDescription', 'CreationTime', 'ModelPackageStatus', 'ModelApprovalStatus', 'ModelLifeCycle'];

const emptyRegion = (): RegionState => ({ TrainingJobs: [], ProcessingJobs: [], Models: [], EndpointConfigs: [], Endpoints: [], NotebookInstances: [], Domains: [], ModelPackageGroups: [] });

export function createSageMakerFake(scenario: AwsScenario): ServiceFake {
  const account = scenario.accountId;
  /** per region: kind -> entries with defaults filled (ARN, CreationTime, status) */
  const cache = new Map<string, Map<Kind, Entry[]>>();
  const packagesCache = new Map<string, Entry[]>();

  function region(r: string): Map<Kind, Entry[]> {
    let m = cache.get(r);
    if (m) return m;
    const state = scenario.regions[r]?.sagemaker ?? emptyRegion();
    m = new Map();
    for (const kind of KINDS) {
      m.set(
        kind,
        kind.entries(state).map((e) => {
          const filled: Entry = { ...e };
          filled[kind.arnField] ??= `arn:aws:sagemaker:${r}:${account}:${kind.arnType}/${String(e[kind.key]).toLowerCase()}`;
          filled.CreationTime ??= DEFAULT_TIME;
          if (kind.statusField) filled[kind.statusField] ??= kind.defaultStatus;
          if (kind.describe === 'DescribeModelPackageGroup') {
            delete filled.ModelPackages;
            delete filled.Policy;
          }
          return filled;
        }),
      );
    }
    cache.set(r, m);
    const packages: Entry[] = [];
    for (const g of state.ModelPackageGroups) {
      g.ModelPackages.forEach((p, i) => {
        const version = (p.ModelPackageVersion as number | undefined) ?? i + 1;
        packages.push({
          ModelPackageGroupName: g.ModelPackageGroupName,
          ModelPackageName: g.ModelPackageGroupName,
          ModelPackageVersion: version,
          ModelPackageArn: `arn:aws:sagemaker:${r}:${account}:model-package/${g.ModelPackageGroupName.toLowerCase()}/${version}`,
          CreationTime: DEFAULT_TIME,
          ModelPackageStatus: 'Completed',
          ModelApprovalStatus: 'PendingManualApproval',
          ...p,
        });
      });
    }
    packagesCache.set(r, packages);
    return m;
  }

  const validation = (msg: string) => new AwsError('ValidationException', msg, 400);

  function listPage(op: string, input: Entry, items: Entry[], req: AwsRequest, sortDefault = 'CreationTime'): { items: Entry[]; next?: string } {
    let list = items;
    if (typeof input.NameContains === 'string') list = list.filter((e) => JSON.stringify(Object.values(pick(e, ['TrainingJobName', 'ProcessingJobName', 'ModelName', 'EndpointConfigName', 'EndpointName', 'NotebookInstanceName', 'ModelPackageGroupName', 'DomainName']))).includes(input.NameContains));
    const sortBy = input.SortBy ?? sortDefault;
    const desc = (input.SortOrder ?? 'Descending') === 'Descending';
    const sortKey = (e: Entry) => (sortBy === 'Name' ? String(Object.values(pick(e, ['TrainingJobName', 'ProcessingJobName', 'ModelName', 'EndpointConfigName', 'EndpointName', 'NotebookInstanceName', 'ModelPackageGroupName', 'DomainName', 'ModelPackageVersion']))[0] ?? '') : sortBy === 'Status' ? String(e.TrainingJobStatus ?? e.ProcessingJobStatus ?? e.EndpointStatus ?? e.NotebookInstanceStatus ?? e.Status ?? e.ModelPackageGroupStatus ?? e.ModelPackageStatus ?? '') : String(e.CreationTime ?? ''));
    list = [...list].sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0) * (desc ? -1 : 1));
    const salt = `${op}:${req.region}:${JSON.stringify(omit(input, ['NextToken', 'MaxResults']))}`;
    const size = pageSize(input.MaxResults, LIMITS, validation);
    const offset = decodeToken(input.NextToken, salt, invalidToken());
    return page(list, offset, size, salt);
  }

  const ok = (value: unknown): Reply => jsonReply(epochTimestamps(value), CONTENT_TYPE);

  function operation(op: string, input: Entry, req: AwsRequest): RoutedOperation | undefined {
    for (const kind of KINDS) {
      if (op === kind.list) {
        return {
          operation: op,
          handle: () => {
            let items = region(req.region).get(kind) ?? [];
            const status = kind.statusField && typeof input.StatusEquals === 'string' ? (e: Entry) => e[kind.statusField!] === input.StatusEquals : undefined;
            // ListTrainingJobs takes MaxResults jobs first and then filters by StatusEquals (documented), so a
            // filtered page can be short or empty while NextToken goes on
            const filterAfterPaging = op === 'ListTrainingJobs';
            if (status && !filterAfterPaging) items = items.filter(status);
            const p = listPage(op, input, items, req);
            const pageItems = status && filterAfterPaging ? p.items.filter(status) : p.items;
            return ok({ [kind.summaries]: pageItems.map((e) => pick(e, kind.summaryFields)), NextToken: p.next });
          },
        };
      }
      if (op === kind.describe) {
        const id = String(input[kind.key] ?? '');
        return {
          operation: op,
          resources: [id],
          handle: () => {
            const e = region(req.region).get(kind)?.find((x) => x[kind.key] === id || x[kind.arnField] === id);
            if (!e) {
              const what = kind.arnType.replace(/-/g, ' ');
              throw kind.notFound === 'ResourceNotFound' ? new AwsError('ResourceNotFound', `Requested resource not found: ${what} ${id}`, 400) : validation(`Could not find ${what} "${id}".`);
            }
            if (kind.describe === 'DescribeModelPackageGroup') return ok({ ...pick(e, kind.summaryFields), ModelPackageGroupArn: e.ModelPackageGroupArn, CreatedBy: e.CreatedBy ?? {} });
            return ok(e);
          },
        };
      }
    }
    switch (op) {
      case 'ListModelPackages':
        return {
          operation: op,
          resources: [String(input.ModelPackageGroupName ?? '')],
          handle: () => {
            region(req.region);
            let items = packagesCache.get(req.region) ?? [];
            const group = input.ModelPackageGroupName as string | undefined;
            if (group) items = items.filter((p) => p.ModelPackageGroupName === group || group.endsWith(`:model-package-group/${String(p.ModelPackageGroupName).toLowerCase()}`));
            if (typeof input.ModelApprovalStatus === 'string') items = items.filter((p) => p.ModelApprovalStatus === input.ModelApprovalStatus);
            const p = listPage(op, input, items, req);
            return ok({ ModelPackageSummaryList: p.items.map((e) => pick(e, PACKAGE_SUMMARY)), NextToken: p.next });
          },
        };
      case 'DescribeModelPackage': {
        const id = String(input.ModelPackageName ?? '');
        return {
          operation: op,
          resources: [id],
          handle: () => {
            region(req.region);
            const e = (packagesCache.get(req.region) ?? []).find((p) => p.ModelPackageArn === id || `${p.ModelPackageGroupName}/${p.ModelPackageVersion}` === id);
            if (!e) throw validation(`ModelPackage ${id} does not exist.`);
            return ok(e);
          },
        };
      }
      case 'GetModelPackageGroupPolicy': {
        const name = String(input.ModelPackageGroupName ?? '');
        return {
          operation: op,
          resources: [name],
          handle: () => {
            const g = (scenario.regions[req.region]?.sagemaker?.ModelPackageGroups ?? []).find((x) => x.ModelPackageGroupName === name);
            if (!g) throw validation(`ModelPackageGroup ${name} does not exist.`);
            if (!g.Policy) throw validation(`Cannot find resource policy for ModelPackageGroup ${name}.`);
            return ok({ ResourcePolicy: JSON.stringify(g.Policy) });
          },
        };
      }
    }
    return undefined;
  }

  return {
    service: 'sagemaker',
    route(req: AwsRequest) {
      const target = String(req.headers['x-amz-target'] ?? '');
      const op = target.startsWith('SageMaker.') ? target.slice('SageMaker.'.length) : '';
      const routed = req.method === 'POST' ? operation(op, parseJsonBody(req.body), req) : undefined;
      if (!routed) throw new AwsError('UnknownOperationException', `The mock SageMaker does not implement ${op || target || '(no X-Amz-Target)'} (read-only subset).`, 400);
      return routed;
    },
    errorReply: jsonErrorReply(CONTENT_TYPE),
  };
}
