import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { md5OfBody, md5OfMessageAttributes } from '../../../../../infra/local/aws-endpoint/sqs-md5.ts';

const base64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

describe('SQS message digests', () => {
  it('digest a body as the hex MD5 of its UTF-8 bytes', () => {
    expect(md5OfBody('Hello, Việt Nam')).toBe('3190ebbde46711602cedaa898e515f59');
  });

  it('match the reference digests of AWS SDK test suites for String, Number and Binary attributes', () => {
    expect(
      md5OfMessageAttributes({
        test_attribute_name_2: { DataType: 'String', StringValue: 'test_attribute_value_2' },
        test_attribute_name_1: { DataType: 'String', StringValue: 'test_attribute_value_1' },
      }),
    ).toBe('d53f3b558fe951154770f25cb63dbba9');
    expect(
      md5OfMessageAttributes({
        test_attribute_name: { DataType: 'Binary', BinaryValue: base64('test_attribute_value') },
      }),
    ).toBe('23f6bd27ea87aab7dfeadcc9aebee495');
    expect(
      md5OfMessageAttributes({
        ordinal: { DataType: 'Number', StringValue: '1' },
        category: { DataType: 'String', StringValue: 'test' },
      }),
    ).toBe('d21ae90c49061e927f57df5f5d72be1f');
  });

  it('are absent when there are no attributes', () => {
    expect(md5OfMessageAttributes(undefined)).toBeUndefined();
    expect(md5OfMessageAttributes({})).toBeUndefined();
  });

  it('do not depend on the order in which attributes were given', () => {
    const attribute = fc.record({
      DataType: fc.constantFrom('String', 'Number', 'String.custom'),
      StringValue: fc.string({ minLength: 1 }),
    });
    fc.assert(
      fc.property(
        fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/), attribute, { minKeys: 1, maxKeys: 10 }),
        (attributes) => {
          const reversed = Object.fromEntries(Object.entries(attributes).reverse());
          expect(md5OfMessageAttributes(reversed)).toBe(md5OfMessageAttributes(attributes));
        },
      ),
    );
  });

  it('change when a data type changes, even with the same value', () => {
    expect(md5OfMessageAttributes({ n: { DataType: 'Number', StringValue: '1' } })).not.toBe(
      md5OfMessageAttributes({ n: { DataType: 'String', StringValue: '1' } }),
    );
  });
});
