// The bytes of a Cloud Storage object in a scenario: inline, from a file, or generated deterministically from
// `size` + `generator` (the same provider-neutral generators the S3 fake uses) so a multi-gigabyte object is served
// by range without being materialised. Hashes are what the real service reports in x-goog-hash: MD5 and CRC32C.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { CRC32C } from '@google-cloud/storage';
import { InputError } from '../../src/model/errors.js';
import { bodyStream, bufferBody, type ObjectBody } from '../aws/generators/body.js';
import { hashString, randomBody, zerosBody } from '../aws/generators/bytes.js';
import { pytorchZipBody } from '../aws/generators/pytorch-zip.js';
import type { GcpObjectScenario } from './scenario.js';

export interface ObjectBytes {
  size: number;
  /** base64 MD5, for materialised bodies only (generated objects report none, like composite objects) */
  md5Hash?: string;
  /** base64 CRC32C; for generated objects computed on first call (it reads every byte once) */
  crc32c(): string;
  /** the bytes [start, end] (inclusive), streamed in chunks */
  read(start: number, end: number): Readable;
}

function crc32cOf(body: ObjectBody): string {
  const crc = new CRC32C();
  for (let pos = 0; pos < body.size; pos += 1 << 20) crc.update(body.read(pos, Math.min(1 << 20, body.size - pos)));
  return crc.toString();
}

function bytesOf(body: ObjectBody, materialised: boolean): ObjectBytes {
  let crc: string | undefined;
  const crc32c = () => (crc ??= crc32cOf(body));
  if (materialised) crc32c();
  return {
    size: body.size,
    ...(materialised ? { md5Hash: createHash('md5').update(body.read(0, body.size)).digest('base64') } : {}),
    crc32c,
    read: (start, end) => bodyStream(body, start, end),
  };
}

export function objectBytes(o: GcpObjectScenario, bucket: string): ObjectBytes {
  if (o.body !== undefined) return bytesOf(bufferBody(Buffer.from(o.body, 'utf8')), true);
  if (o.bodyBase64 !== undefined) return bytesOf(bufferBody(Buffer.from(o.bodyBase64, 'base64')), true);
  if (o.bodyFile !== undefined) {
    try {
      return bytesOf(bufferBody(readFileSync(o.bodyFile)), true);
    } catch (err) {
      throw new InputError(`object gs://${bucket}/${o.name}: cannot read bodyFile ${o.bodyFile}: ${(err as Error).message}`);
    }
  }
  const size = Number(o.size ?? 0);
  const seed = o.seed ?? hashString(`${bucket}/${o.name}`);
  switch (o.generator ?? 'zeros') {
    case 'zeros':
      return bytesOf(zerosBody(size), false);
    case 'random':
      return bytesOf(randomBody(size, seed), false);
    case 'pytorch-zip':
      return bytesOf(pytorchZipBody(size, o.name.split('/').pop()?.replace(/\.[^.]*$/, '') || 'archive'), false);
  }
}
