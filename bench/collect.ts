// npm run bench:collect -- --buckets N --jobs M --latency-ms L [--provider aws|gcp] [--seed S] [--json] [--gcp-concurrency C (experiment)]
// Generates an estate with the scenario generators (realistic proportions, per-service rate limits from the
// generators' published-quota presets, L ms latency per reply), serves it with the mock cloud in a separate process,
// scans it through the real SDK clients with the connector's production defaults (adaptive retries, default
// concurrency and page sizes; only the endpoints and dummy credentials differ) and reports wall time, calls per
// service and per resource against the declared minimum, retries, throttles, peak RSS, the rate-limit lower bound
// and the ratio of wall time to it, and whether any resource was lost. Target (issue 8): wall <= 1.25 x bound for
// 10,000 buckets and 2,000 training jobs at 20 ms, no resource lost to throttling.
import { fork } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { collectAws } from '../src/connectors/aws/index.js';
import { collectGcp, gcpEndpointsFromEnv } from '../src/connectors/gcp/index.js';
import type { Inventory } from '../src/model/index.js';
import { loadRuleSet } from '../src/rules/load.js';
import { AWS_CALL_TABLE, GCP_CALL_TABLE, minimumCalls, neededFields, type KindCalls } from './collect-minimum.js';
import type { MockReady } from './collect-mock.js';
import { benchArgs, positive } from './lib/args.js';
import { peakRssMiB } from './lib/child.js';
import { machineLine } from './lib/machine.js';

export interface CollectOptions {
  provider: 'aws' | 'gcp';
  buckets: number;
  jobs: number;
  latencyMs: number;
  seed: number;
  /** experiments only: the GCP connector's per-service concurrency instead of its default */
  gcpConcurrency?: number;
}

export interface CollectReport {
  machine: string;
  options: CollectOptions;
  wallS: number;
  /** CPU time (user + system) of the scanner process during the scan; the mock runs in its own process */
  scanCpuS: number;
  /** CPU time of the mock process from its ready message to the end of the scan (it shares the machine's cores) */
  mockCpuS: number;
  peakRssMiB: number;
  /** per rate-limit scope: calls the scan made there (not counting retries), the allowed rate and calls / rate */
  bound: { scope: string; calls: number; ratePerS: number; seconds: number }[];
  boundS: number;
  ratio: number;
  /** mockRequests: API calls the mock answered (each call of a batch counts, as in Google's quota); mockHttpRequests: HTTP requests or RPCs it received */
  services: { service: string; calls: number; retries: number; throttles: number; mockRequests: number; mockHttpRequests?: number; mockThrottled: number }[];
  kinds: { kind: string; expected: number; collected: number; calls: number; minimum: number; callsPerResource: number; minimumPerResource: number; extra: number; unneededOperations: string[] }[];
  otherCalls: Record<string, number>;
  lost: { kind: string; missing: number }[];
  throttlingFailures: number;
  gaps: number;
  complete: boolean;
}

type Counts = Record<string, Record<string, number>>;
const THROTTLING = /thrott|slowdown|toomanyrequests|resource_exhausted|rate exceeded|requestlimitexceeded/i;
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

/** Starts the mock process and waits for its ready message. */
function startMockProcess(o: CollectOptions) {
  const child = fork(fileURLToPath(new URL('./collect-mock.ts', import.meta.url)), ['--provider', o.provider, '--buckets', String(o.buckets), '--jobs', String(o.jobs), '--latency-ms', String(o.latencyMs), '--seed', String(o.seed)], {
    execArgv: ['--import', 'tsx', '--max-old-space-size=4096'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  const next = <T>(type: string) =>
    new Promise<T>((resolve, reject) => {
      const onMessage = (m: { type: string }) => {
        if (m.type !== type) return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(m as T);
      };
      const onExit = (code: number | null) => reject(new Error(`the mock process exited (${code}) before sending "${type}"`));
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  return {
    ready: next<MockReady>('ready'),
    stats: async <T>() => {
      const reply = next<{ stats: T; cpuS: number }>('stats');
      child.send({ type: 'stats' });
      return reply;
    },
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      if (child.connected) child.send({ type: 'close' });
      await exited;
    },
  };
}

async function scan(o: CollectOptions, ready: MockReady): Promise<Inventory> {
  if (o.provider === 'aws') return collectAws({ env: ready.env, credentials: { accessKeyId: 'AKIABENCHBENCHBENCH0', secretAccessKey: 'bench-secret' } });
  return collectGcp({ projects: ready.projects ?? [], credentials: {}, endpoints: gcpEndpointsFromEnv(ready.env), ...(o.gcpConcurrency ? { concurrency: o.gcpConcurrency } : {}) });
}

/** Successful calls per service and operation (requests minus throttled and faulted answers), from the mock's counters. */
function mockCounts(o: CollectOptions, stats: any): { requests: Counts; throttled: Counts; httpRequests?: Record<string, number> } {
  if (o.provider === 'aws') return { requests: stats.requests, throttled: stats.throttled };
  const requests: Counts = {};
  const throttled: Counts = {};
  const httpRequests: Record<string, number> = {};
  for (const [service, s] of Object.entries(stats as Record<string, { httpRequests: number; methods: Record<string, { requests: number; throttled: number }> }>)) {
    requests[service] = Object.fromEntries(Object.entries(s.methods).map(([m, v]) => [m, v.requests]));
    throttled[service] = Object.fromEntries(Object.entries(s.methods).map(([m, v]) => [m, v.throttled]));
    httpRequests[service] = s.httpRequests;
  }
  return { requests, throttled, httpRequests };
}

const sameOperation = (method: string, op: string) => method.toLowerCase() === op.toLowerCase() || method.toLowerCase().endsWith(`.${op.toLowerCase()}`);

export async function benchCollect(o: CollectOptions): Promise<CollectReport> {
  const mock = startMockProcess(o);
  try {
    const ready = await mock.ready;
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const inventory = await scan(o, ready);
    const wallS = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const scanCpuS = (cpu.user + cpu.system) / 1e6;
    const peak = peakRssMiB();
    const { stats, cpuS: mockCpuS } = await mock.stats();
    const { requests, throttled, httpRequests } = mockCounts(o, stats);
    return report(o, ready, inventory, { wallS, scanCpuS, mockCpuS }, peak, requests, throttled, httpRequests);
  } finally {
    await mock.close();
  }
}

function report(o: CollectOptions, ready: MockReady, inventory: Inventory, { wallS, scanCpuS, mockCpuS }: { wallS: number; scanCpuS: number; mockCpuS: number }, peak: number, requests: Counts, throttled: Counts, httpRequests?: Record<string, number>): CollectReport {
  const collected: Record<string, number> = {};
  for (const r of inventory.resources) collected[r.kind] = (collected[r.kind] ?? 0) + 1;

  // the bound: per rate-limit scope, calls / allowed rate. AWS: regional services per Region. GCP, as the generator's
  // preset scopes them: Storage per project, Vertex AI and Workbench per project and location, Resource Manager per service.
  const perScope = new Map<string, { calls: number; rate: number }>();
  const scoped = o.provider === 'aws' ? new Set(['sagemaker', 'ec2', 'bedrock', 'bedrock-agent', 'sts', 's3-control']) : new Set(['aiplatform', 'notebooks']);
  const perProject = o.provider === 'gcp' ? new Set(['storage', 'aiplatform', 'notebooks']) : new Set<string>();
  const multiProject = new Set(inventory.coverage.services.map((s) => s.account)).size > 1;
  for (const s of inventory.coverage.services) {
    const rate = ready.rateLimits[s.service];
    if (!rate) continue;
    const where = [perProject.has(s.service) && multiProject ? s.account : '', scoped.has(s.service) ? s.region : ''].filter(Boolean).join('/');
    const scope = where ? `${s.service}@${where}` : s.service;
    const e = perScope.get(scope) ?? { calls: 0, rate };
    // the calls the scan needed: the GCP connector counts every attempt as a call, the AWS one each command once
    e.calls += o.provider === 'gcp' ? s.calls - s.retries : s.calls;
    perScope.set(scope, e);
  }
  const bound = [...perScope].map(([scope, e]) => ({ scope, calls: e.calls, ratePerS: e.rate, seconds: round(e.calls / e.rate) })).sort((a, b) => b.seconds - a.seconds);
  const boundS = bound[0]?.seconds ?? 0;

  const byService = new Map<string, { calls: number; retries: number; throttles: number }>();
  for (const s of inventory.coverage.services) {
    const e = byService.get(s.service) ?? { calls: 0, retries: 0, throttles: 0 };
    e.calls += s.calls;
    e.retries += s.retries;
    e.throttles += s.throttles;
    byService.set(s.service, e);
  }
  const sum = (r: Record<string, number> | undefined) => Object.values(r ?? {}).reduce((a, b) => a + b, 0);
  const services = [...new Set([...byService.keys(), ...Object.keys(requests)])].sort().map((service) => ({
    service,
    ...(byService.get(service) ?? { calls: 0, retries: 0, throttles: 0 }),
    mockRequests: sum(requests[service]),
    ...(httpRequests ? { mockHttpRequests: httpRequests[service] ?? 0 } : {}),
    mockThrottled: sum(throttled[service]),
  }));

  // calls per kind against the declared minimum
  const table: KindCalls[] = o.provider === 'aws' ? AWS_CALL_TABLE : GCP_CALL_TABLE;
  const rules = loadRuleSet().rules;
  const scopes = { region: ready.data.regions ?? 1, location: ready.locations?.length ?? 1 };
  const minimum = minimumCalls(table, collected, neededFields(rules), ready.data, scopes);
  const served = new Map<string, number>();
  for (const [service, ops] of Object.entries(requests)) for (const [op, n] of Object.entries(ops)) served.set(`${service} ${op}`, n - (throttled[service]?.[op] ?? 0));
  const claimed = new Set<string>();
  const kinds = table
    .map((k, i) => {
      const ops = [k.list?.operation, ...k.calls.map((c) => c.operation)].filter((x): x is string => !!x);
      let calls = 0;
      for (const [key, n] of served) {
        const [service, method] = key.split(' ');
        if (service === k.service && ops.some((op) => sameOperation(method, op))) {
          calls += n;
          claimed.add(key);
        }
      }
      const m = minimum[i];
      const n = collected[k.kind] ?? 0;
      return { kind: k.kind, expected: ready.expected[k.kind] ?? n, collected: n, calls, minimum: m.minimum, callsPerResource: round(calls / Math.max(1, n)), minimumPerResource: round(m.minimum / Math.max(1, n)), extra: calls - m.minimum, unneededOperations: m.unneededOperations };
    })
    .filter((k) => k.expected > 0 || k.collected > 0);
  const otherCalls = Object.fromEntries([...served].filter(([key, n]) => !claimed.has(key) && n > 0).sort());

  const lost = Object.entries(ready.expected)
    .map(([kind, n]) => ({ kind, missing: n - (collected[kind] ?? 0) }))
    .filter((l) => l.missing !== 0);
  const throttlingFailures = inventory.coverage.failures.filter((f) => THROTTLING.test(f.errorCode) || THROTTLING.test(f.message)).length;
  const gaps = inventory.resources.reduce((n, r) => n + r.gaps.length, 0);
  return {
    machine: machineLine(),
    options: o,
    wallS: round(wallS),
    scanCpuS: round(scanCpuS),
    mockCpuS: round(mockCpuS),
    peakRssMiB: peak,
    bound,
    boundS,
    ratio: round(wallS / Math.max(boundS, 1e-9)),
    services,
    kinds,
    otherCalls,
    lost,
    throttlingFailures,
    gaps,
    complete: lost.length === 0 && throttlingFailures === 0 && inventory.coverage.failures.length === 0,
  };
}

export function printCollectReport(r: CollectReport): void {
  const o = r.options;
  console.log(`bench:collect ${o.provider}: ${o.buckets} buckets, ${o.jobs} training jobs, ${o.latencyMs} ms latency, seed ${o.seed}${o.gcpConcurrency ? `, GCP concurrency ${o.gcpConcurrency} (not the default)` : ''}, on ${r.machine}`);
  console.log(`wall ${r.wallS} s (scanner CPU ${r.scanCpuS} s, mock CPU ${r.mockCpuS} s); rate-limit bound ${r.boundS} s (${r.bound[0]?.scope ?? '-'}: ${r.bound[0]?.calls ?? 0} calls at ${r.bound[0]?.ratePerS ?? '-'}/s); wall/bound ${r.ratio} (target <= 1.25: ${r.ratio <= 1.25 ? 'met' : 'MISSED'}); peak RSS ${r.peakRssMiB} MiB`);
  console.log(`resources: ${r.lost.length === 0 ? 'all present' : `LOST ${r.lost.map((l) => `${l.kind} ${l.missing}`).join(', ')}`}; throttling failures ${r.throttlingFailures}; gaps ${r.gaps}`);
  console.log('\n| rate-limit scope | calls | allowed rate | calls / rate |\n|---|---:|---:|---:|');
  for (const b of r.bound) console.log(`| ${b.scope} | ${b.calls} | ${b.ratePerS}/s | ${b.seconds} s |`);
  if (r.services.some((s) => s.mockHttpRequests !== undefined)) {
    // a Cloud Storage batch request is one HTTP request carrying up to 100 calls, each counted by the quota
    console.log('\n| service | calls (scan) | retries | throttles (scan) | calls (mock) | HTTP requests (mock) | throttled (mock) |\n|---|---:|---:|---:|---:|---:|---:|');
    for (const s of r.services) console.log(`| ${s.service} | ${s.calls} | ${s.retries} | ${s.throttles} | ${s.mockRequests} | ${s.mockHttpRequests ?? '-'} | ${s.mockThrottled} |`);
  } else {
    console.log('\n| service | calls (scan) | retries | throttles (scan) | requests (mock) | throttled (mock) |\n|---|---:|---:|---:|---:|---:|');
    for (const s of r.services) console.log(`| ${s.service} | ${s.calls} | ${s.retries} | ${s.throttles} | ${s.mockRequests} | ${s.mockThrottled} |`);
  }
  console.log('\n| kind | expected | collected | calls | minimum | calls/resource | minimum/resource | extra | calls for fields no rule reads |\n|---|---:|---:|---:|---:|---:|---:|---:|---|');
  for (const k of r.kinds) console.log(`| ${k.kind} | ${k.expected} | ${k.collected} | ${k.calls} | ${k.minimum} | ${k.callsPerResource} | ${k.minimumPerResource} | ${k.extra} | ${k.unneededOperations.join(', ') || '-'} |`);
  const other = Object.entries(r.otherCalls);
  if (other.length) console.log(`\nother calls: ${other.map(([k, n]) => `${k} ${n}`).join(', ')}`);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const a = benchArgs({ provider: { type: 'string', default: 'aws' }, buckets: { type: 'string', default: '10000' }, jobs: { type: 'string', default: '2000' }, 'latency-ms': { type: 'string', default: '20' }, seed: { type: 'string', default: '1' }, json: { type: 'boolean', default: false }, 'gcp-concurrency': { type: 'string' } });
  if (a.provider !== 'aws' && a.provider !== 'gcp') {
    console.error(`bench: --provider must be aws or gcp, got ${a.provider}`);
    process.exit(2);
  }
  const latency = Number(a['latency-ms']);
  if (!Number.isFinite(latency) || latency < 0) {
    console.error(`bench: --latency-ms needs a number >= 0, got ${a['latency-ms']}`);
    process.exit(2);
  }
  const r = await benchCollect({ provider: a.provider, buckets: positive('buckets', a.buckets), jobs: positive('jobs', a.jobs), latencyMs: latency, seed: positive('seed', a.seed), ...(a['gcp-concurrency'] ? { gcpConcurrency: positive('gcp-concurrency', a['gcp-concurrency']) } : {}) });
  if (a.json) console.log(JSON.stringify(r, null, 2));
  else printCollectReport(r);
  if (!r.complete) process.exitCode = 1;
}
