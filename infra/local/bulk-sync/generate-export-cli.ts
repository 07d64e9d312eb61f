/**
 * `npm run sync:generate -- --lines 2000 --out cards.jsonl [--mismatched 0.04] [--unknown 0.02]
 * [--duplicates 0.01] [--malformed 0.005] [--new-cards 0.5] [--seed 6] [--dynamodb-endpoint URL]`: writes a
 * realistic health-insurance export from the local cloud's population (`.csv` for CSV) and, beside it,
 * `<out>.expected.json`: what the sync must report.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { POPULATION_TABLE } from '../../topology.ts';
import { LOCAL_REGION } from '../local-cloud.ts';
import { generateExport, scanLivingCitizens } from './generate-export.ts';

const { values } = parseArgs({
  options: {
    lines: { type: 'string', default: '2000' },
    out: { type: 'string', default: 'cards.jsonl' },
    mismatched: { type: 'string' },
    unknown: { type: 'string' },
    duplicates: { type: 'string' },
    malformed: { type: 'string' },
    'new-cards': { type: 'string' },
    seed: { type: 'string', default: '6' },
    'dynamodb-endpoint': { type: 'string' },
  },
});
const share = (v: string | undefined) => (v === undefined ? {} : { value: Number(v) });
const shares = Object.fromEntries(
  (
    [
      ['mismatched', values.mismatched],
      ['unknownPin', values.unknown],
      ['duplicates', values.duplicates],
      ['malformed', values.malformed],
      ['newCards', values['new-cards']],
    ] as const
  ).flatMap(([k, v]) => ('value' in share(v) ? [[k, Number(v)]] : [])),
);
const client = DynamoDBDocumentClient.from(
  new DynamoDBClient({
    region: LOCAL_REGION,
    endpoint: values['dynamodb-endpoint'] ?? `http://127.0.0.1:${process.env.DYNAMODB_PORT ?? 8000}`,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  }),
);
const citizens = await scanLivingCitizens(client, POPULATION_TABLE.id);
const out = String(values.out);
const generated = generateExport(citizens, {
  lines: Number(values.lines),
  format: out.endsWith('.csv') ? 'csv' : 'jsonl',
  shares,
  seed: Number(values.seed),
});
writeFileSync(out, generated.text);
writeFileSync(`${out}.expected.json`, `${JSON.stringify(generated.expected, null, 2)}\n`);
console.log(`Wrote ${out} (${generated.expected.lines} lines) and ${out}.expected.json`);
client.destroy();
