import type pLimit from 'p-limit';
import type { CoverageFailure, Edge, Gap, PublicAccessBlock, Resource } from '../../model/index.js';
import type { Progress } from '../progress.js';
import type { ApiCall, AwsService } from './api-calls.js';
import type { AwsClientFactory } from './clients.js';
import { classifyError, type ClassifiedError } from './errors.js';

export type Limit = ReturnType<typeof pLimit>;

export type Outcome<T> = { ok: true; value: T } | { ok: false; absent: true } | { ok: false; absent: false; error: ClassifiedError };

export interface RequestOptions {
  /** The resource whose fields the call fills. */
  resourceId?: string;
  /** Fields of that resource left unknown if the call fails. */
  fields: string[];
  /** Where to record the gaps (the resource's gap list). */
  gaps?: Gap[];
  /** Error codes that mean "not configured": the call succeeded in telling us there is nothing. */
  absent?: readonly string[];
}

/** Everything collected so far, shared by the service collectors of one scan. */
export class InventorySink {
  readonly resources = new Map<string, Resource>();
  readonly edges: Edge[] = [];
  readonly failures: CoverageFailure[] = [];
  /** Role ARNs that collected resources use, so IAM collection knows which roles matter. */
  readonly referencedRoles = new Set<string>();
  accountPublicAccessBlock: { value: PublicAccessBlock | null; gap?: string } = { value: null };
  /** Resolves once every resource collector has finished, so referencedRoles is complete. */
  readonly resourcesCollected: Promise<void>;
  readonly markResourcesCollected: () => void;

  constructor() {
    let resolve!: () => void;
    this.resourcesCollected = new Promise<void>((r) => (resolve = r));
    this.markResourcesCollected = resolve;
  }

  add(resource: Resource): void {
    this.resources.set(resource.id, resource);
  }
}

/** Per service and region: counts, the limiter, and a request wrapper that turns failures into gaps and coverage. */
export class ServiceContext {
  resources = 0;
  listFailed = false;
  failedCalls = 0;
  /** Caps the page size of list calls (tests and emulators); undefined means each API's maximum. */
  pageSizeLimit: number | undefined;

  constructor(
    readonly service: AwsService,
    readonly account: string,
    /** region the clients talk to */
    readonly region: string,
    /** region recorded in coverage ("global" for S3 and IAM) */
    readonly coverageRegion: string,
    readonly clients: AwsClientFactory,
    readonly sink: InventorySink,
    readonly limit: Limit,
    readonly progress: Progress,
    private readonly declared: readonly ApiCall[],
  ) {}

  /** The page size to request from a list API whose maximum is `apiMax`. */
  pageSize(apiMax: number): number {
    return Math.max(1, Math.min(apiMax, this.pageSizeLimit ?? apiMax));
  }

  get task(): string {
    return `${this.service} ${this.coverageRegion}`;
  }

  iamActionOf(operation: string): string {
    return this.declared.find((c) => c.service === this.service && c.operation === operation)?.iamAction ?? `${this.service}:${operation}`;
  }

  /** Runs one API call under the service's concurrency limit; a failure becomes gaps plus a coverage failure. */
  async request<T>(operation: string, send: () => Promise<T>, options: RequestOptions): Promise<Outcome<T>> {
    try {
      return { ok: true, value: await this.limit(send) };
    } catch (err) {
      const error = classifyError(err);
      if (options.absent?.includes(error.code)) return { ok: false, absent: true };
      this.failedCalls++;
      const reason = `${error.code}: ${this.iamActionOf(operation)}`;
      for (const path of options.fields) options.gaps?.push({ path, reason });
      this.sink.failures.push({
        provider: 'aws',
        account: this.account,
        region: this.coverageRegion,
        service: this.service,
        operation,
        ...(options.resourceId ? { resourceId: options.resourceId } : {}),
        fields: options.fields,
        errorCode: error.code,
        message: error.message,
      });
      if (error.throttling) this.progress.note(`${this.service} ${operation}: still throttled after retries (${error.code})`);
      return { ok: false, absent: false, error };
    }
  }

  /**
   * Follows a paginated list call page by page. A page that fails stops the listing, records a coverage
   * failure and marks the service partial; what was listed so far is kept.
   */
  async list<P, I>(
    operation: string,
    fetchPage: (token: string | undefined) => Promise<P>,
    itemsOf: (page: P) => I[] | undefined,
    nextOf: (page: P) => string | undefined,
    target: Omit<RequestOptions, 'absent'> = { fields: [] },
  ): Promise<I[]> {
    const items: I[] = [];
    let token: string | undefined;
    const seen = new Set<string>();
    do {
      const page = await this.request(operation, () => fetchPage(token), target);
      if (!page.ok) {
        this.listFailed = true;
        break;
      }
      items.push(...(itemsOf(page.value) ?? []));
      token = nextOf(page.value) || undefined;
      if (token !== undefined) {
        if (seen.has(token)) break; // a server repeating a token would loop forever
        seen.add(token);
      }
    } while (token !== undefined);
    return items;
  }

  addResource(resource: Resource): void {
    this.resources++;
    this.sink.add(resource);
  }

  addEdge(edge: Edge): void {
    this.sink.edges.push(edge);
  }
}
