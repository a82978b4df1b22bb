// Bedrock Agent (REST-JSON): knowledge bases and their data sources. Pages: nextToken/maxResults 1-1000.
import { AwsError } from '../errors.js';
import { jsonErrorReply, jsonReply } from '../protocols.js';
import type { AwsScenario } from '../scenario.js';
import type { AwsRequest, RoutedOperation, ServiceFake } from '../server.js';
import { restJsonPage } from './bedrock.js';
import { isoTimestamps, omit, parseJsonBody, pick } from './json-values.js';

const DEFAULT_TIME = '2025-01-01T00:00:00.000Z';
type Entry = Record<string, any>;

export function createBedrockAgentFake(scenario: AwsScenario): ServiceFake {
  const account = scenario.accountId;
  const kbs = (r: string): Entry[] =>
    (scenario.regions[r]?.bedrockAgent?.KnowledgeBases ?? []).map((kb) => ({
      knowledgeBaseArn: `arn:aws:bedrock:${r}:${account}:knowledge-base/${kb.knowledgeBaseId}`,
      status: 'ACTIVE',
      createdAt: DEFAULT_TIME,
      updatedAt: DEFAULT_TIME,
      ...(isoTimestamps(kb) as Entry),
    }));
  const kbOr404 = (r: string, id: string) => {
    const kb = kbs(r).find((k) => k.knowledgeBaseId === id);
    if (!kb) throw new AwsError('ResourceNotFoundException', `Knowledge base with id ${id} does not exist`, 404);
    return kb;
  };
  const dataSources = (kb: Entry): Entry[] =>
    (kb.DataSources as Entry[]).map((d) => ({ knowledgeBaseId: kb.knowledgeBaseId, status: 'AVAILABLE', createdAt: DEFAULT_TIME, updatedAt: DEFAULT_TIME, ...d }));

  function route(req: AwsRequest): RoutedOperation {
    const segs = req.path.split('/').filter(Boolean).map(decodeURIComponent);
    if (segs[0] === 'knowledgebases') {
      if (req.method === 'POST' && segs.length === 1) {
        return {
          operation: 'ListKnowledgeBases',
          handle: () => {
            const p = restJsonPage(req, kbs(req.region), 'ListKnowledgeBases', parseJsonBody(req.body));
            return jsonReply({ knowledgeBaseSummaries: p.items.map((k) => pick(k, ['knowledgeBaseId', 'name', 'description', 'status', 'updatedAt'])), nextToken: p.next });
          },
        };
      }
      if (req.method === 'GET' && segs.length === 2) {
        return { operation: 'GetKnowledgeBase', resources: [segs[1]], handle: () => jsonReply({ knowledgeBase: omit(kbOr404(req.region, segs[1]), ['DataSources']) }) };
      }
      if (req.method === 'POST' && segs.length === 3 && segs[2] === 'datasources') {
        return {
          operation: 'ListDataSources',
          resources: [segs[1]],
          handle: () => {
            const items = dataSources(kbOr404(req.region, segs[1]));
            const p = restJsonPage(req, items, `ListDataSources:${segs[1]}`, parseJsonBody(req.body));
            return jsonReply({ dataSourceSummaries: p.items.map((d) => pick(d, ['knowledgeBaseId', 'dataSourceId', 'name', 'status', 'description', 'updatedAt'])), nextToken: p.next });
          },
        };
      }
      if (req.method === 'GET' && segs.length === 4 && segs[2] === 'datasources') {
        return {
          operation: 'GetDataSource',
          resources: [segs[1], segs[3]],
          handle: () => {
            const d = dataSources(kbOr404(req.region, segs[1])).find((x) => x.dataSourceId === segs[3]);
            if (!d) throw new AwsError('ResourceNotFoundException', `Data source with id ${segs[3]} does not exist in knowledge base ${segs[1]}`, 404);
            return jsonReply({ dataSource: d });
          },
        };
      }
    }
    throw new AwsError('UnknownOperationException', `The mock Bedrock Agent does not implement ${req.method} ${req.path} (read-only subset).`, 404);
  }

  return { service: 'bedrock-agent', route, errorReply: jsonErrorReply('application/json') };
}
