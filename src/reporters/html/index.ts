import type { Reporter } from '../types.js';
import { buildDashboardData } from './data.js';
import { page, scriptJson } from './template.js';

export const htmlReporter: Reporter = {
  name: 'html',
  fileName: 'aispm.html',
  render(result) {
    const accounts = [...new Set(result.inventory.targets.map((t) => t.account))].join(', ');
    return page(`aispm report${accounts ? ` - ${accounts}` : ''}`, scriptJson(buildDashboardData(result)));
  },
};
