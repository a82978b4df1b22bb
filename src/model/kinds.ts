// The one list of resource kinds aispm knows. Every other list (schemas, rules, AI-BOM) is checked against it.
export const CATEGORIES = [
  'storage.bucket',
  'ml.dataset',
  'ml.training',
  'ml.model',
  'ml.endpoint',
  'ml.notebook',
  'ml.knowledge-base',
  'ml.guardrail',
  'ml.service-config',
  'identity.role',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const PROVIDERS = ['aws', 'gcp'] as const;
export type Provider = (typeof PROVIDERS)[number];

export const KINDS = {
  'aws.s3.bucket': { provider: 'aws', category: 'storage.bucket' },
  'aws.sagemaker.training-job': { provider: 'aws', category: 'ml.training' },
  'aws.sagemaker.processing-job': { provider: 'aws', category: 'ml.training' },
  'aws.sagemaker.model': { provider: 'aws', category: 'ml.model' },
  'aws.sagemaker.endpoint-config': { provider: 'aws', category: 'ml.endpoint' },
  'aws.sagemaker.endpoint': { provider: 'aws', category: 'ml.endpoint' },
  'aws.sagemaker.notebook-instance': { provider: 'aws', category: 'ml.notebook' },
  'aws.sagemaker.domain': { provider: 'aws', category: 'ml.notebook' },
  'aws.sagemaker.model-package-group': { provider: 'aws', category: 'ml.model' },
  'aws.iam.role': { provider: 'aws', category: 'identity.role' },
  'aws.bedrock.custom-model': { provider: 'aws', category: 'ml.model' },
  'aws.bedrock.customization-job': { provider: 'aws', category: 'ml.training' },
  'aws.bedrock.knowledge-base': { provider: 'aws', category: 'ml.knowledge-base' },
  'aws.bedrock.guardrail': { provider: 'aws', category: 'ml.guardrail' },
  'aws.bedrock.invocation-logging': { provider: 'aws', category: 'ml.service-config' },
  'gcp.storage.bucket': { provider: 'gcp', category: 'storage.bucket' },
  'gcp.vertexai.dataset': { provider: 'gcp', category: 'ml.dataset' },
  'gcp.vertexai.training-pipeline': { provider: 'gcp', category: 'ml.training' },
  'gcp.vertexai.custom-job': { provider: 'gcp', category: 'ml.training' },
  'gcp.vertexai.model': { provider: 'gcp', category: 'ml.model' },
  'gcp.vertexai.endpoint': { provider: 'gcp', category: 'ml.endpoint' },
  'gcp.notebooks.instance': { provider: 'gcp', category: 'ml.notebook' },
  'gcp.iam.service-account': { provider: 'gcp', category: 'identity.role' },
} as const satisfies Record<string, { provider: Provider; category: Category }>;

export type Kind = keyof typeof KINDS;
export const KIND_NAMES = Object.keys(KINDS) as Kind[];

export function isKind(value: string): value is Kind {
  return Object.hasOwn(KINDS, value);
}

export function isCategory(value: string): value is Category {
  return (CATEGORIES as readonly string[]).includes(value);
}

export function kindsOfCategory(category: Category): Kind[] {
  return KIND_NAMES.filter((k) => KINDS[k].category === category);
}
