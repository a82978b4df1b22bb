import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  GetBucketAclCommand,
  GetBucketEncryptionCommand,
  GetBucketLocationCommand,
  GetBucketLoggingCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  GetObjectLockConfigurationCommand,
  GetPublicAccessBlockCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  paginateListBuckets,
  paginateListObjectsV2,
  S3Client,
} from '@aws-sdk/client-s3';
import { GetPublicAccessBlockCommand as GetAccountPublicAccessBlockCommand } from '@aws-sdk/client-s3-control';
import { startAwsMock, type AwsMock } from '../../../mocks/aws/start.js';
import type { AwsScenarioInput } from '../../../mocks/aws/scenario.js';
import { clientConfig, clients, failure } from './helpers.js';

const OWNER = 'a'.repeat(64);
const scenario: AwsScenarioInput = {
  accountId: '111122223333',
  enabledRegions: ['us-east-1', 'eu-west-1'],
  publicAccessBlock: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: false, RestrictPublicBuckets: true },
  s3: {
    buckets: [
      {
        Name: 'configured',
        Region: 'us-east-1',
        CreationDate: '2025-03-04T05:06:07Z',
        Policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::configured/*' }] },
        Acl: { Owner: { ID: OWNER }, Grants: [{ Grantee: { Type: 'Group', URI: 'http://acs.amazonaws.com/groups/global/AllUsers' }, Permission: 'READ' }, { Grantee: { Type: 'CanonicalUser', ID: OWNER }, Permission: 'FULL_CONTROL' }] },
        PublicAccessBlock: { BlockPublicAcls: false, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: false },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        Versioning: { Status: 'Enabled', MFADelete: 'Enabled' },
        ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Years: 1 } } },
        ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'arn:aws:kms:us-east-1:111122223333:key/k1' }, BucketKeyEnabled: true }] },
        Logging: { LoggingEnabled: { TargetBucket: 'logs', TargetPrefix: 'configured/' } },
        Tagging: { TagSet: [{ Key: 'team', Value: 'ml' }] },
        Objects: [
          { Key: 'hello.txt', Body: 'hello world', ContentType: 'text/plain' },
          { Key: 'bin/data', BodyBase64: Buffer.from([0, 1, 2, 255]).toString('base64') },
          { Key: 'models/big.pt', Size: 3 * 2 ** 30, Generator: 'pytorch-zip' },
          { Key: 'models/rand.bin', Size: 100_000, Generator: 'random', Seed: 7 },
        ],
      },
      { Name: 'bare', Region: 'eu-west-1' },
      {
        Name: 'many-objects',
        Region: 'us-east-1',
        Objects: [
          ...Array.from({ length: 25 }, (_, i) => ({ Key: `data/part-${String(i).padStart(3, '0')}.csv`, Body: `row ${i}` })),
          ...Array.from({ length: 5 }, (_, i) => ({ Key: `data/sub${i}/x.csv`, Body: 'x' })),
          { Key: 'top.txt', Body: 't' },
        ],
      },
      ...Array.from({ length: 7 }, (_, i) => ({ Name: `extra-bucket-${i}`, Region: 'us-east-1' })),
    ],
  },
};

let mock: AwsMock;
let c: ReturnType<typeof clients>;
beforeAll(async () => {
  mock = await startAwsMock(scenario);
  c = clients(mock);
});
afterAll(() => mock.close());

describe('S3 bucket configuration', () => {
  it('answers each Get* with the scenario values', async () => {
    const Bucket = 'configured';
    expect((await c.s3.send(new GetBucketLocationCommand({ Bucket }))).LocationConstraint).toBeUndefined();
    expect(JSON.parse((await c.s3.send(new GetBucketPolicyCommand({ Bucket }))).Policy!)).toEqual(scenario.s3!.buckets![0].Policy);
    const acl = await c.s3.send(new GetBucketAclCommand({ Bucket }));
    expect(acl.Owner?.ID).toBe(OWNER);
    expect(acl.Grants).toEqual([
      { Grantee: { Type: 'Group', URI: 'http://acs.amazonaws.com/groups/global/AllUsers' }, Permission: 'READ' },
      { Grantee: { Type: 'CanonicalUser', ID: OWNER }, Permission: 'FULL_CONTROL' },
    ]);
    expect((await c.s3.send(new GetPublicAccessBlockCommand({ Bucket }))).PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: false, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: false });
    expect((await c.s3.send(new GetBucketOwnershipControlsCommand({ Bucket }))).OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
    const v = await c.s3.send(new GetBucketVersioningCommand({ Bucket }));
    expect([v.Status, v.MFADelete]).toEqual(['Enabled', 'Enabled']);
    expect((await c.s3.send(new GetObjectLockConfigurationCommand({ Bucket }))).ObjectLockConfiguration).toEqual({ ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Years: 1 } } });
    expect((await c.s3.send(new GetBucketEncryptionCommand({ Bucket }))).ServerSideEncryptionConfiguration).toEqual({
      Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'arn:aws:kms:us-east-1:111122223333:key/k1' }, BucketKeyEnabled: true }],
    });
    expect((await c.s3.send(new GetBucketLoggingCommand({ Bucket }))).LoggingEnabled).toEqual({ TargetBucket: 'logs', TargetPrefix: 'configured/' });
    expect((await c.s3.send(new GetBucketTaggingCommand({ Bucket }))).TagSet).toEqual([{ Key: 'team', Value: 'ml' }]);
  });

  it('answers a bucket without configuration with the real error shapes', async () => {
    const eu = clients(mock, 'eu-west-1').s3;
    const Bucket = 'bare';
    expect((await c.s3.send(new GetBucketLocationCommand({ Bucket }))).LocationConstraint).toBe('eu-west-1');
    const cases: [() => Promise<unknown>, string, number][] = [
      [() => eu.send(new GetBucketPolicyCommand({ Bucket })), 'NoSuchBucketPolicy', 404],
      [() => eu.send(new GetPublicAccessBlockCommand({ Bucket })), 'NoSuchPublicAccessBlockConfiguration', 404],
      [() => eu.send(new GetBucketOwnershipControlsCommand({ Bucket })), 'OwnershipControlsNotFoundError', 404],
      [() => eu.send(new GetObjectLockConfigurationCommand({ Bucket })), 'ObjectLockConfigurationNotFoundError', 404],
      [() => eu.send(new GetBucketTaggingCommand({ Bucket })), 'NoSuchTagSet', 404],
      [() => eu.send(new GetBucketPolicyCommand({ Bucket: 'no-such-bucket' })), 'NoSuchBucket', 404],
      [() => c.s3.send(new GetObjectCommand({ Bucket: 'configured', Key: 'missing' })), 'NoSuchKey', 404],
      [() => c.s3.send(new HeadObjectCommand({ Bucket: 'configured', Key: 'missing' })), 'NotFound', 404],
    ];
    for (const [call, name, status] of cases) expect(await failure(call())).toMatchObject({ name, status });
    const v = await eu.send(new GetBucketVersioningCommand({ Bucket }));
    expect([v.Status, v.MFADelete]).toEqual([undefined, undefined]);
    // since January 2023 every bucket has SSE-S3 as its default encryption, and GetBucketEncryption returns it
    expect((await eu.send(new GetBucketEncryptionCommand({ Bucket }))).ServerSideEncryptionConfiguration).toEqual({ Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false }] });
    expect((await eu.send(new GetBucketLoggingCommand({ Bucket }))).LoggingEnabled).toBeUndefined();
    const acl = await eu.send(new GetBucketAclCommand({ Bucket }));
    expect(acl.Grants).toHaveLength(1);
    expect(acl.Grants?.[0]).toMatchObject({ Grantee: { Type: 'CanonicalUser' }, Permission: 'FULL_CONTROL' });
  });

  it('redirects a request signed for the wrong region, naming the bucket region, as S3 does', async () => {
    expect(await failure(c.s3.send(new GetBucketPolicyCommand({ Bucket: 'bare' })))).toMatchObject({ name: 'PermanentRedirect', status: 301 });
    const head = await c.s3.send(new HeadBucketCommand({ Bucket: 'bare' })).catch((e) => e);
    expect(head.$metadata.httpStatusCode).toBe(301);
    const following = new S3Client({ ...clientConfig(mock.endpoints.s3), forcePathStyle: true, followRegionRedirects: true });
    expect((await following.send(new GetBucketVersioningCommand({ Bucket: 'bare' }))).$metadata.httpStatusCode).toBe(200);
  });

  it('answers the account-level Block Public Access through S3 Control (account in x-amz-account-id)', async () => {
    const out = await c.s3control.send(new GetAccountPublicAccessBlockCommand({ AccountId: '111122223333' }));
    expect(out.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: false, RestrictPublicBuckets: true });
    expect(await failure(c.s3control.send(new GetAccountPublicAccessBlockCommand({ AccountId: '999999999999' })))).toMatchObject({ name: 'AccessDenied', status: 403 });
    const bare = await startAwsMock({ accountId: '111122223333' });
    try {
      expect(await failure(clients(bare).s3control.send(new GetAccountPublicAccessBlockCommand({ AccountId: '111122223333' })))).toMatchObject({ name: 'NoSuchPublicAccessBlockConfiguration', status: 404 });
    } finally {
      await bare.close();
    }
  });
});

describe('S3 listing', () => {
  it('pages ListBuckets with max-buckets and continuation tokens', async () => {
    const all = await c.s3.send(new ListBucketsCommand({}));
    expect(all.Buckets?.map((b) => b.Name)).toEqual(['bare', 'configured', ...Array.from({ length: 7 }, (_, i) => `extra-bucket-${i}`), 'many-objects']);
    expect(all.Buckets?.[1]).toMatchObject({ BucketRegion: 'us-east-1', CreationDate: new Date('2025-03-04T05:06:07Z') });
    expect(all.ContinuationToken).toBeUndefined();
    const pages: string[][] = [];
    for await (const p of paginateListBuckets({ client: c.s3, pageSize: 3 }, {})) pages.push((p.Buckets ?? []).map((b) => b.Name!));
    expect(pages.length).toBe(4);
    expect(pages.flat()).toEqual(all.Buckets?.map((b) => b.Name));
    const filtered = await c.s3.send(new ListBucketsCommand({ Prefix: 'extra', BucketRegion: 'us-east-1' }));
    expect(filtered.Buckets).toHaveLength(7);
  });

  it('pages ListObjectsV2 (3+ pages), with prefixes and delimiters', async () => {
    const keys: string[] = [];
    let pages = 0;
    for await (const p of paginateListObjectsV2({ client: c.s3, pageSize: 10 }, { Bucket: 'many-objects' })) {
      pages++;
      expect(p.KeyCount).toBe(p.Contents?.length ?? 0);
      keys.push(...(p.Contents ?? []).map((o) => o.Key!));
    }
    expect(pages).toBe(4);
    expect(keys).toHaveLength(31);
    expect(keys).toEqual([...keys].sort());
    const delimited: string[] = [];
    const prefixes: string[] = [];
    for await (const p of paginateListObjectsV2({ client: c.s3, pageSize: 4 }, { Bucket: 'many-objects', Prefix: 'data/', Delimiter: '/' })) {
      delimited.push(...(p.Contents ?? []).map((o) => o.Key!));
      prefixes.push(...(p.CommonPrefixes ?? []).map((x) => x.Prefix!));
    }
    expect(delimited).toHaveLength(25);
    expect(prefixes).toEqual(['data/sub0/', 'data/sub1/', 'data/sub2/', 'data/sub3/', 'data/sub4/']);
    const first = await c.s3.send(new ListObjectsV2Command({ Bucket: 'configured' }));
    expect(first.Contents?.find((o) => o.Key === 'models/big.pt')?.Size).toBe(3 * 2 ** 30);
    expect(first.Contents?.find((o) => o.Key === 'hello.txt')).toMatchObject({ Size: 11, StorageClass: 'STANDARD' });
  });
});

describe('S3 objects', () => {
  it('serves whole objects and HeadObject metadata', async () => {
    const got = await c.s3.send(new GetObjectCommand({ Bucket: 'configured', Key: 'hello.txt' }));
    expect(got.ContentType).toBe('text/plain');
    expect(await got.Body?.transformToString()).toBe('hello world');
    const bin = await c.s3.send(new GetObjectCommand({ Bucket: 'configured', Key: 'bin/data' }));
    expect([...(await bin.Body!.transformToByteArray())]).toEqual([0, 1, 2, 255]);
    const head = await c.s3.send(new HeadObjectCommand({ Bucket: 'configured', Key: 'models/big.pt' }));
    expect(head).toMatchObject({ ContentLength: 3 * 2 ** 30, AcceptRanges: 'bytes', ServerSideEncryption: 'aws:kms' });
  });

  it('answers ranged reads with 206 and Content-Range, deterministically', async () => {
    const r = await c.s3.send(new GetObjectCommand({ Bucket: 'configured', Key: 'models/rand.bin', Range: 'bytes=1000-1999' }));
    expect(r.$metadata.httpStatusCode).toBe(206);
    expect(r.ContentRange).toBe('bytes 1000-1999/100000');
    const slice = Buffer.from(await r.Body!.transformToByteArray());
    expect(slice.length).toBe(1000);
    const whole = Buffer.from(await (await c.s3.send(new GetObjectCommand({ Bucket: 'configured', Key: 'models/rand.bin' }))).Body!.transformToByteArray());
    expect(whole.subarray(1000, 2000).equals(slice)).toBe(true);
    const suffix = await c.s3.send(new GetObjectCommand({ Bucket: 'configured', Key: 'models/rand.bin', Range: 'bytes=-10' }));
    expect(suffix.ContentRange).toBe('bytes 99990-99999/100000');
    expect(await failure(c.s3.send(new GetObjectCommand({ Bucket: 'configured', Key: 'hello.txt', Range: 'bytes=500-' })))).toMatchObject({ name: 'InvalidRange', status: 416 });
  });

  it('serves a multi-GB PyTorch zip whose central directory is found with ranged reads only', async () => {
    mock.stats.reset();
    const Key = 'models/big.pt';
    const read = async (range: string) => Buffer.from(await (await c.s3.send(new GetObjectCommand({ Bucket: 'configured', Key, Range: range }))).Body!.transformToByteArray());
    const size = 3 * 2 ** 30;
    const tail = await read(`bytes=${size - 65_536}-${size - 1}`);
    const eocd = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    expect(eocd).toBeGreaterThan(0);
    const entries = tail.readUInt16LE(eocd + 10);
    const cdSize = tail.readUInt32LE(eocd + 12);
    const cdOffset = tail.readUInt32LE(eocd + 16);
    expect(cdOffset + cdSize).toBe(size - (tail.length - eocd));
    const cd = await read(`bytes=${cdOffset}-${cdOffset + cdSize - 1}`);
    const names: string[] = [];
    for (let p = 0, i = 0; i < entries; i++) {
      expect(cd.readUInt32LE(p)).toBe(0x02014b50);
      const n = cd.readUInt16LE(p + 28);
      names.push(cd.subarray(p + 46, p + 46 + n).toString());
      p += 46 + n + cd.readUInt16LE(p + 30) + cd.readUInt16LE(p + 32);
    }
    expect(names).toEqual(['big/data.pkl', 'big/byteorder', 'big/data/0', 'big/data/1', 'big/data/2', 'big/data/3', 'big/version']);
    const pkl = await read('bytes=0-1023');
    expect(pkl.subarray(30 + 'big/data.pkl'.length, 30 + 'big/data.pkl'.length + 2)).toEqual(Buffer.from([0x80, 0x02]));
    expect(mock.stats.bytesSent.s3.GetObject).toBeLessThan(size * 0.001);
  });
});
