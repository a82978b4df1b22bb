// Shared parsing for the AWS Query protocols (IAM, STS, EC2): form-encoded POST (or GET query string).
import type { AwsRequest } from '../server.js';

export function queryParams(req: AwsRequest): URLSearchParams {
  const params = new URLSearchParams(req.query);
  if (req.body.length) for (const [k, v] of new URLSearchParams(req.body.toString('utf8'))) params.set(k, v);
  return params;
}
