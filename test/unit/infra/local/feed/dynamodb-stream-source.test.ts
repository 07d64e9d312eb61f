import { unmarshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import { repairStreamImage } from '../../../../../infra/local/feed/dynamodb-stream-source.ts';

type Image = Parameters<typeof repairStreamImage>[0];

describe('repairStreamImage', () => {
  it("puts back the type of the empty maps DynamoDB Local's stream writes as {}, at any depth", () => {
    // Exactly what DynamoDB Local 2.x streamed for an item put as
    // {pk, emptyM: {M: {}}, emptyL: {L: []}, nested: {M: {x: {M: {}}, y: {L: [{M: {}}]}}}}.
    const streamed = {
      emptyL: { L: [] },
      pk: { S: 'a' },
      nested: { M: { x: {}, y: { L: [{}] } } },
      emptyM: {},
    } as unknown as Image;
    expect(() => unmarshall(streamed as never)).toThrow(/No value defined/);
    const repaired = repairStreamImage(streamed);
    expect(repaired).toEqual({
      emptyL: { L: [] },
      pk: { S: 'a' },
      nested: { M: { x: { M: {} }, y: { L: [{ M: {} }] } } },
      emptyM: { M: {} },
    });
    expect(unmarshall(repaired as never)).toEqual({ emptyL: [], pk: 'a', nested: { x: {}, y: [{}] }, emptyM: {} });
  });

  it('leaves typed values alone, false and NULL included', () => {
    const image = {
      a: { BOOL: false },
      b: { NULL: true },
      c: { N: '0' },
      d: { S: '' },
      e: { SS: ['x'] },
      f: { M: { g: { BOOL: true } } },
    } as unknown as Image;
    expect(repairStreamImage(image)).toEqual(image);
  });
});
