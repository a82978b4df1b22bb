import { z } from 'zod';
import { Resource } from './resource.js';
import { Edge } from './edge.js';
import { Coverage } from './coverage.js';

export const INVENTORY_SCHEMA_VERSION = 1;

export const Inventory = z.object({
  schemaVersion: z.literal(INVENTORY_SCHEMA_VERSION),
  generatedAt: z.string(),
  targets: z.array(z.object({ provider: z.enum(['aws', 'gcp', 'file']), account: z.string(), regions: z.array(z.string()) })).default([]),
  resources: z.array(Resource),
  edges: z.array(Edge),
  coverage: Coverage,
});
export type Inventory = z.infer<typeof Inventory>;
export type InventoryInput = z.input<typeof Inventory>;
