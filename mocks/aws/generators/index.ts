import { readFileSync } from 'node:fs';
import type { S3Object } from '../scenario.js';
import { bufferBody, type ObjectBody } from './body.js';
import { hashString, randomBody, zerosBody } from './bytes.js';
import { pytorchZipBody } from './pytorch-zip.js';

export { bodyStream, type ObjectBody } from './body.js';

/** The content of a scenario object: inline text/base64, a file, or a generator. Files are read on first use. */
export function objectBody(o: S3Object): ObjectBody {
  if (o.Generator) {
    const size = o.Size ?? 0;
    const seed = o.Seed ?? hashString(o.Key);
    switch (o.Generator) {
      case 'zeros':
        return zerosBody(size);
      case 'random':
        return randomBody(size, seed);
      case 'pytorch-zip':
        return pytorchZipBody(size, o.Key.split('/').pop()?.replace(/\.[^.]*$/, '') || 'archive');
    }
  }
  if (o.BodyBase64 !== undefined) return bufferBody(Buffer.from(o.BodyBase64, 'base64'));
  if (o.BodyFile !== undefined) return bufferBody(readFileSync(o.BodyFile));
  if (o.Body !== undefined) return bufferBody(Buffer.from(o.Body, 'utf8'));
  return o.Size !== undefined ? zerosBody(o.Size) : bufferBody(Buffer.alloc(0));
}
