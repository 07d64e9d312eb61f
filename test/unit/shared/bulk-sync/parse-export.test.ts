import { describe, expect, it } from 'vitest';
import { type ParsedLine, parseExport } from '../../../../shared/bulk-sync/parse-export.ts';
import { syncSource } from '../../../../shared/bulk-sync/sources.ts';

const source = syncSource('health-insurance');
const card = (pin: string, cardNumber: string) => ({
  cardNumber,
  pin,
  fullName: 'Nguyễn Thị Lan',
  birthDate: '1990-04-02',
  validFrom: '2026-01-01',
  validUntil: '2026-12-31',
  facilityCode: '01001',
});
const collect = async (text: string, format: 'jsonl' | 'csv') => {
  const out: ParsedLine[] = [];
  for await (const line of parseExport([Buffer.from(text)], format, source)) out.push(line);
  return out;
};

describe('parseExport', () => {
  it('stages well-formed JSON Lines and names the field of a malformed one', async () => {
    const lines = await collect(
      [
        JSON.stringify(card('001190000001', 'GD4010000000001')),
        '{"pin": ',
        JSON.stringify(card('123', 'GD4010000000002')),
      ].join('\n'),
      'jsonl',
    );
    expect(lines.map((l) => [l.line, l.kind])).toEqual([
      [1, 'record'],
      [2, 'rejected'],
      [3, 'rejected'],
    ]);
    expect(lines[2]).toMatchObject({ outcome: 'malformed', reasons: ['pin: pin must be 12 digits'] });
  });

  it('rejects a second occurrence of a PIN or card number, naming the first line', async () => {
    const lines = await collect(
      [
        card('001190000001', 'GD4010000000001'),
        card('001190000002', 'GD4010000000001'),
        card('001190000001', 'GD4010000000003'),
      ]
        .map((c) => JSON.stringify(c))
        .join('\n'),
      'jsonl',
    );
    expect(lines.slice(1)).toEqual([
      { kind: 'rejected', line: 2, outcome: 'duplicate', pin: '001190000002', reasons: ['cardNumber repeats line 1'] },
      { kind: 'rejected', line: 3, outcome: 'duplicate', pin: '001190000001', reasons: ['pin repeats line 1'] },
    ]);
  });

  it('reads CSV by its header and reports rows with the wrong number of columns', async () => {
    const header = 'pin,cardNumber,fullName,birthDate,validFrom,validUntil,facilityCode';
    const row = '001190000001,GD4010000000001,Nguyễn Thị Lan,1990-04-02,2026-01-01,2026-12-31,01001';
    const lines = await collect(`${header}\n${row}\n001190000002,GD40\n`, 'csv');
    expect(lines[0]).toMatchObject({ kind: 'record', line: 2, record: card('001190000001', 'GD4010000000001') });
    expect(lines[1]).toMatchObject({
      kind: 'rejected',
      line: 3,
      outcome: 'malformed',
      reasons: ['has 2 columns, the header 7'],
    });
  });

  it('refuses a CSV whose header lacks a column', async () => {
    await expect(collect('pin,fullName\n1,2\n', 'csv')).rejects.toThrow(/lacks the columns cardNumber/);
  });
});
