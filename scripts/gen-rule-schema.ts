// Regenerates rules/rule.schema.json from the zod rule schema (npm run gen:rule-schema).
import { writeFileSync } from 'node:fs';
import { ruleJsonSchemaText } from '../src/rules/rule-schema.js';

const target = new URL('../rules/rule.schema.json', import.meta.url);
writeFileSync(target, ruleJsonSchemaText());
console.log(`wrote ${target.pathname}`);
