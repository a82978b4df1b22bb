import type { Reporter } from '../types.js';
import { buildDashboardData } from './data.js';
import { page } from './template.js';

/** JSON that is safe inside a <script type="application/json"> element. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

export const htmlReporter: Reporter = {
  name: 'html',
  fileName: 'aispm.html',
  render(result) {
    const accounts = [...new Set(result.inventory.targets.map((t) => t.account))].join(', ');
    return page(`aispm report${accounts ? ` - ${accounts}` : ''}`, scriptJson(buildDashboardData(result)));
  },
};
