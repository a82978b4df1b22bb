// STS (Query): GetCallerIdentity.
import { AwsError } from '../errors.js';
import { queryErrorReply } from '../protocols.js';
import type { AwsScenario } from '../scenario.js';
import type { AwsRequest, ServiceFake } from '../server.js';
import { el } from '../xml.js';
import { queryParams } from './query.js';

const XMLNS = 'https://sts.amazonaws.com/doc/2011-06-15/';

export function createStsFake(scenario: AwsScenario): ServiceFake {
  const arn = scenario.callerArn ?? `arn:aws:iam::${scenario.accountId}:user/aispm-scanner`;
  return {
    service: 'sts',
    route(req: AwsRequest) {
      const action = queryParams(req).get('Action') ?? '';
      if (action === 'GetCallerIdentity') {
        return {
          operation: action,
          handle: () => ({
            status: 200,
            headers: { 'content-type': 'text/xml' },
            body: `<GetCallerIdentityResponse xmlns="${XMLNS}"><GetCallerIdentityResult>${el('Arn', arn)}${el('UserId', 'AIDAMOCKSCANNER000001')}${el('Account', scenario.accountId)}</GetCallerIdentityResult><ResponseMetadata>${el('RequestId', req.requestId)}</ResponseMetadata></GetCallerIdentityResponse>`,
          }),
        };
      }
      throw new AwsError('InvalidAction', `The action ${action || '(none)'} is not valid for this web service (mock STS implements GetCallerIdentity).`, 400);
    },
    errorReply: queryErrorReply(XMLNS),
  };
}
