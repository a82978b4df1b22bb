import type { AwsService } from './scenario.js';

/** An error the fake answers in its protocol's shape (code, message, HTTP status). */
export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number = defaultStatus(code),
    /** extra elements/headers some errors carry (S3 BucketName, x-amz-bucket-region, ...) */
    readonly extra: Record<string, string> = {},
  ) {
    super(message);
  }
}

const STATUS_BY_CODE: Record<string, number> = {
  AccessDenied: 403,
  AccessDeniedException: 403,
  UnauthorizedOperation: 403,
  InvalidAccessKeyId: 403,
  SignatureDoesNotMatch: 403,
  SlowDown: 503,
  RequestLimitExceeded: 503,
  ServiceUnavailable: 503,
  ServiceUnavailableException: 503,
  InternalError: 500,
  InternalFailure: 500,
  InternalServerException: 500,
  ServiceFailure: 500,
  NoSuchBucket: 404,
  NoSuchKey: 404,
  NoSuchBucketPolicy: 404,
  NoSuchPublicAccessBlockConfiguration: 404,
  ServerSideEncryptionConfigurationNotFoundError: 404,
  OwnershipControlsNotFoundError: 404,
  ObjectLockConfigurationNotFoundError: 404,
  NoSuchTagSet: 404,
  NoSuchEntity: 404,
  ResourceNotFoundException: 404,
  InvalidRange: 416,
  PermanentRedirect: 301,
  NotImplemented: 501,
  TooManyRequestsException: 429,
};

export function defaultStatus(code: string): number {
  if (STATUS_BY_CODE[code] !== undefined) return STATUS_BY_CODE[code];
  // SageMaker's ResourceNotFound is a 400; NoSuch*/…NotFoundException are 404 across the other APIs
  if (code.startsWith('NoSuch') || code.endsWith('NotFoundException') || code.endsWith('NotFoundError')) return 404;
  return 400;
}

/** The error each service answers above its request-rate limit, as the real service does. */
export function throttleError(service: AwsService): AwsError {
  switch (service) {
    case 's3':
    case 's3-control':
      return new AwsError('SlowDown', 'Please reduce your request rate.', 503);
    case 'sagemaker':
      return new AwsError('ThrottlingException', 'Rate exceeded', 400);
    case 'bedrock':
    case 'bedrock-agent':
      return new AwsError('ThrottlingException', 'Too many requests, please wait before trying again.', 429);
    case 'iam':
    case 'sts':
      return new AwsError('Throttling', 'Rate exceeded', 400);
    case 'ec2':
      return new AwsError('RequestLimitExceeded', 'Request limit exceeded.', 503);
  }
}
