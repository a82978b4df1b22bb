// Starts the mock AWS cloud: one loopback HTTP server per service, serving one scenario with its faults.
import { AwsEstate, type AwsScenario, type AwsScenarioInput, type AwsService } from './scenario.js';
import { startServiceServer, type RunningServer, type ServiceFake } from './server.js';
import { AwsMockStats } from './stats.js';
import { Traffic } from './traffic.js';
import { createS3Fake } from './services/s3.js';
import { createS3ControlFake } from './services/s3-control.js';
import { createSageMakerFake } from './services/sagemaker.js';
import { createIamFake } from './services/iam.js';
import { createStsFake } from './services/sts.js';
import { createEc2Fake } from './services/ec2.js';
import { createBedrockFake } from './services/bedrock.js';
import { createBedrockAgentFake } from './services/bedrock-agent.js';

/** Service -> the SDK's endpoint variable (AWS_ENDPOINT_URL_ + serviceId upper-cased, spaces to underscores). */
export const ENDPOINT_ENV: Record<AwsService, string> = {
  s3: 'AWS_ENDPOINT_URL_S3',
  's3-control': 'AWS_ENDPOINT_URL_S3_CONTROL',
  sagemaker: 'AWS_ENDPOINT_URL_SAGEMAKER',
  iam: 'AWS_ENDPOINT_URL_IAM',
  sts: 'AWS_ENDPOINT_URL_STS',
  ec2: 'AWS_ENDPOINT_URL_EC2',
  bedrock: 'AWS_ENDPOINT_URL_BEDROCK',
  'bedrock-agent': 'AWS_ENDPOINT_URL_BEDROCK_AGENT',
};

const FAKES: Record<AwsService, (s: AwsScenario) => ServiceFake> = {
  s3: createS3Fake,
  's3-control': createS3ControlFake,
  sagemaker: createSageMakerFake,
  iam: createIamFake,
  sts: createStsFake,
  ec2: createEc2Fake,
  bedrock: createBedrockFake,
  'bedrock-agent': createBedrockAgentFake,
};

export interface AwsMockOptions {
  /** first port; services take portBase, portBase+1, ... in the order of ENDPOINT_ENV. Default: ephemeral ports. */
  portBase?: number;
  host?: string;
}

export interface AwsMock {
  endpoints: Record<AwsService, string>;
  /** the standard AWS_ENDPOINT_URL_* variables plus dummy credentials and region */
  env: Record<string, string>;
  stats: AwsMockStats;
  scenario: AwsScenario;
  close(): Promise<void>;
}

export async function startAwsMock(input: AwsScenarioInput | AwsScenario, options: AwsMockOptions = {}): Promise<AwsMock> {
  const scenario = AwsEstate.parse(input);
  const stats = new AwsMockStats();
  const traffic = new Traffic(scenario);
  const services = Object.keys(ENDPOINT_ENV) as AwsService[];
  const servers: RunningServer[] = [];
  try {
    for (const [i, service] of services.entries()) {
      const port = options.portBase === undefined ? 0 : options.portBase + i;
      servers.push(await startServiceServer(FAKES[service](scenario), { stats, traffic }, port, options.host));
    }
  } catch (err) {
    await Promise.all(servers.map((s) => s.close()));
    throw err;
  }
  const endpoints = Object.fromEntries(services.map((s, i) => [s, servers[i].url])) as Record<AwsService, string>;
  const env: Record<string, string> = {
    AWS_ACCESS_KEY_ID: 'AKIAMOCKMOCKMOCKMOCK',
    AWS_SECRET_ACCESS_KEY: 'mock-secret-access-key',
    AWS_REGION: scenario.enabledRegions[0] ?? 'us-east-1',
    AWS_DEFAULT_REGION: scenario.enabledRegions[0] ?? 'us-east-1',
  };
  for (const s of services) env[ENDPOINT_ENV[s]] = endpoints[s];
  return {
    endpoints,
    env,
    stats,
    scenario,
    close: async () => {
      await Promise.all(servers.map((s) => s.close()));
    },
  };
}
