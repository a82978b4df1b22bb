// EC2 (EC2 Query protocol): DescribeRegions, answering the scenario's enabled regions.
import { AwsError } from '../errors.js';
import { ec2ErrorReply } from '../protocols.js';
import type { AwsScenario } from '../scenario.js';
import type { AwsRequest, ServiceFake } from '../server.js';
import { XML_DECL, el, wrap } from '../xml.js';
import { queryParams } from './query.js';

/** Commercial regions (2025); opt-in regions are the ones an account can leave disabled. */
const DEFAULT_REGIONS = ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ca-central-1', 'eu-central-1', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-north-1', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-south-1', 'ap-southeast-1', 'ap-southeast-2', 'sa-east-1'];
const OPT_IN_REGIONS = ['af-south-1', 'ap-east-1', 'ap-south-2', 'ap-southeast-3', 'ap-southeast-4', 'ca-west-1', 'eu-central-2', 'eu-south-1', 'eu-south-2', 'il-central-1', 'me-central-1', 'me-south-1'];
const XMLNS = 'http://ec2.amazonaws.com/doc/2016-11-15/';

/** `Prefix.1=a&Prefix.2=b` -> [a, b] */
function listParam(params: URLSearchParams, prefix: string): string[] {
  const out: string[] = [];
  for (let i = 1; params.has(`${prefix}.${i}`); i++) out.push(params.get(`${prefix}.${i}`) ?? '');
  return out;
}

export function createEc2Fake(scenario: AwsScenario): ServiceFake {
  const enabled = new Set(scenario.enabledRegions);
  const all = [...new Set([...DEFAULT_REGIONS, ...OPT_IN_REGIONS, ...scenario.enabledRegions])].sort();
  const status = (r: string) => (!enabled.has(r) ? 'not-opted-in' : OPT_IN_REGIONS.includes(r) ? 'opted-in' : 'opt-in-not-required');
  return {
    service: 'ec2',
    route(req: AwsRequest) {
      const params = queryParams(req);
      const action = params.get('Action') ?? '';
      if (action !== 'DescribeRegions') throw new AwsError('InvalidAction', `The action ${action || '(none)'} is not valid for this web service (mock EC2 implements DescribeRegions).`, 400);
      return {
        operation: action,
        handle: () => {
          const allRegions = params.get('AllRegions') === 'true';
          let regions = allRegions ? all : all.filter((r) => enabled.has(r));
          const names = listParam(params, 'RegionName');
          if (names.length) {
            const unknown = names.find((n) => !all.includes(n));
            if (unknown) throw new AwsError('InvalidParameterValue', `Invalid region: ${unknown}`, 400);
            regions = regions.filter((r) => names.includes(r));
          }
          for (let i = 1; params.has(`Filter.${i}.Name`); i++) {
            const name = params.get(`Filter.${i}.Name`);
            const values = listParam(params, `Filter.${i}.Value`);
            if (name === 'region-name') regions = regions.filter((r) => values.includes(r));
            else if (name === 'opt-in-status') regions = regions.filter((r) => values.includes(status(r)));
            else if (name === 'endpoint') regions = regions.filter((r) => values.includes(`ec2.${r}.amazonaws.com`));
            else throw new AwsError('InvalidParameterValue', `The filter '${name}' is invalid`, 400);
          }
          const items = regions.map((r) => wrap('item', el('regionName', r) + el('regionEndpoint', `ec2.${r}.amazonaws.com`) + el('optInStatus', status(r)))).join('');
          return {
            status: 200,
            headers: { 'content-type': 'text/xml;charset=UTF-8' },
            body: `${XML_DECL}<DescribeRegionsResponse xmlns="${XMLNS}">${el('requestId', req.requestId)}${wrap('regionInfo', items)}</DescribeRegionsResponse>`,
          };
        },
      };
    },
    errorReply: ec2ErrorReply,
  };
}
