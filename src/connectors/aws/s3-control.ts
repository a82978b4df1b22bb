import { GetPublicAccessBlockCommand } from '@aws-sdk/client-s3-control';
import { call } from './api-calls.js';
import type { AwsCollector } from './collector.js';
import { mapPublicAccessBlock } from './s3-mapping.js';

/** Account-level Block Public Access, copied onto every bucket by the S3 collector (which runs after it). */
export const s3ControlCollector: AwsCollector = {
  service: 's3-control',
  scope: 'global',
  phase: 'account',
  calls: [call('s3-control', 'GetPublicAccessBlock', 's3:GetAccountPublicAccessBlock')],
  async collect(ctx) {
    const client = ctx.clients.get('s3-control', ctx.region, 'global');
    const out = await ctx.request('GetPublicAccessBlock', () => client.send(new GetPublicAccessBlockCommand({ AccountId: ctx.account })), {
      resourceId: `arn:aws:s3:::*`,
      fields: ['accountPublicAccessBlock'],
      absent: ['NoSuchPublicAccessBlockConfiguration'],
    });
    if (out.ok) ctx.sink.accountPublicAccessBlock = { value: mapPublicAccessBlock(out.value.PublicAccessBlockConfiguration) };
    else if (!out.absent) ctx.sink.accountPublicAccessBlock = { value: null, gap: `${out.error.code}: s3:GetAccountPublicAccessBlock` };
  },
};
