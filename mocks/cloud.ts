// The mock cloud: starts the AWS and/or Google fakes for one scenario and merges their environment variables.
import { startAwsMock, type AwsMock } from './aws/start.js';
import type { AwsScenario, AwsScenarioInput } from './aws/scenario.js';
import { startGcpMock, type GcpMockHandle } from './gcp/start.js';
import type { GcpScenario, GcpScenarioInput } from './gcp/scenario.js';

export { loadScenario, parseScenario, type LoadedScenario } from './scenario-file.js';

export interface MockCloudOptions {
  /** AWS services take portBase..portBase+7 (order of ENDPOINT_ENV), Google services the next four; default: any free port */
  portBase?: number;
  host?: string;
}

export interface MockCloud {
  /** AWS_ENDPOINT_URL_* with dummy credentials and region, and the Google emulator variables */
  env: Record<string, string>;
  aws?: AwsMock;
  gcp?: GcpMockHandle;
  close(): Promise<void>;
}

export async function startMockCloud(scenario: { aws?: AwsScenario | AwsScenarioInput; gcp?: GcpScenario | GcpScenarioInput }, options: MockCloudOptions = {}): Promise<MockCloud> {
  const started: { close(): Promise<void> }[] = [];
  try {
    // AWS part (mocks/aws)
    const aws = scenario.aws === undefined ? undefined : await startAwsMock(scenario.aws, { portBase: options.portBase, host: options.host });
    if (aws) started.push(aws);
    // Google part (mocks/gcp)
    const gcpBase = options.portBase === undefined ? undefined : options.portBase + 8;
    const gcp =
      scenario.gcp === undefined
        ? undefined
        : await startGcpMock(scenario.gcp, {
            host: options.host,
            ports: gcpBase === undefined ? undefined : { storage: gcpBase, aiplatform: gcpBase + 1, resourcemanager: gcpBase + 2, notebooks: gcpBase + 3 },
          });
    if (gcp) started.push(gcp);
    return {
      env: { ...aws?.env, ...gcp?.env },
      aws,
      gcp,
      close: async () => {
        await Promise.all(started.map((s) => s.close()));
      },
    };
  } catch (err) {
    await Promise.all(started.map((s) => s.close()));
    throw err;
  }
}
