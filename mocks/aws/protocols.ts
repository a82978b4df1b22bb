// Error bodies in each AWS protocol's shape, and small helpers shared by the JSON protocols.
import type { AwsError } from './errors.js';
import type { AwsRequest, Reply } from './server.js';
import { XML_DECL, el, esc } from './xml.js';

/** S3 REST-XML: `<Error><Code/><Message/>...</Error>`; HEAD errors have no body (the SDK maps the status). */
export function s3ErrorReply(err: AwsError, req: AwsRequest): Reply {
  const headers: Record<string, string> = { 'content-type': 'application/xml' };
  if (err.extra.region) headers['x-amz-bucket-region'] = err.extra.region;
  if (req.method === 'HEAD') return { status: err.status, headers };
  const extra = Object.entries(err.extra)
    .filter(([k]) => k !== 'region')
    .map(([k, v]) => el(k, v))
    .join('');
  return {
    status: err.status,
    headers,
    body: `${XML_DECL}<Error>${el('Code', err.code)}${el('Message', err.message)}${extra}${el('RequestId', req.requestId)}${el('HostId', 'mock')}</Error>`,
  };
}

/** AWS Query (IAM, STS): `<ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>`. */
export function queryErrorReply(xmlns: string) {
  return (err: AwsError, req: AwsRequest): Reply => ({
    status: err.status,
    headers: { 'content-type': 'text/xml' },
    body: `<ErrorResponse xmlns="${xmlns}"><Error><Type>${err.status >= 500 ? 'Receiver' : 'Sender'}</Type>${el('Code', err.code)}${el('Message', err.message)}</Error>${el('RequestId', req.requestId)}</ErrorResponse>`,
  });
}

/** EC2 Query: `<Response><Errors><Error><Code/><Message/></Error></Errors><RequestID/></Response>`. */
export function ec2ErrorReply(err: AwsError, req: AwsRequest): Reply {
  return {
    status: err.status,
    headers: { 'content-type': 'text/xml;charset=UTF-8' },
    body: `${XML_DECL}<Response><Errors><Error><Code>${esc(err.code)}</Code><Message>${esc(err.message)}</Message></Error></Errors><RequestID>${req.requestId}</RequestID></Response>`,
  };
}

/** JSON 1.1 and REST-JSON: `x-amzn-errortype` header plus `{"__type", "message"}`. */
export function jsonErrorReply(contentType: string) {
  return (err: AwsError): Reply => ({
    status: err.status,
    headers: { 'content-type': contentType, 'x-amzn-errortype': err.code },
    body: JSON.stringify({ __type: err.code, message: err.message, Message: err.message }),
  });
}

export function jsonReply(value: unknown, contentType = 'application/json'): Reply {
  return { status: 200, headers: { 'content-type': contentType }, body: JSON.stringify(value) };
}
