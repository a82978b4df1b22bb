// S3 Control (REST-XML): account-level Block Public Access. The account id arrives in the x-amz-account-id header.
import { AwsError } from '../errors.js';
import { s3ErrorReply } from '../protocols.js';
import type { AwsScenario } from '../scenario.js';
import type { AwsRequest, ServiceFake } from '../server.js';
import { XML_DECL } from '../xml.js';
import { publicAccessBlockXml } from './s3.js';

const NS = 'xmlns="http://awss3control.amazonaws.com/doc/2018-08-20/"';

export function createS3ControlFake(scenario: AwsScenario): ServiceFake {
  return {
    service: 's3-control',
    route(req: AwsRequest) {
      const account = String(req.headers['x-amz-account-id'] ?? '');
      if (req.method === 'GET' && req.path === '/v20180820/configuration/publicAccessBlock') {
        return {
          operation: 'GetPublicAccessBlock',
          resources: [account],
          handle: () => {
            if (account !== scenario.accountId) throw new AwsError('AccessDenied', `Access Denied for account ${account || '(no x-amz-account-id header)'}`, 403);
            if (!scenario.publicAccessBlock) throw new AwsError('NoSuchPublicAccessBlockConfiguration', 'The public access block configuration was not found', 404, { AccountId: account });
            return { status: 200, headers: { 'content-type': 'application/xml' }, body: XML_DECL + publicAccessBlockXml(scenario.publicAccessBlock, NS) };
          },
        };
      }
      throw new AwsError('NotImplemented', `The mock S3 Control does not implement ${req.method} ${req.path}`, 501);
    },
    errorReply: s3ErrorReply,
  };
}
