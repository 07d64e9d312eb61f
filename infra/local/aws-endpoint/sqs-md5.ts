/**
 * The MD5 digests SQS returns with messages, computed exactly as AWS does so that SDKs that verify them
 * (the JavaScript SDK checks the body; the Java and .NET SDKs also check the attributes) accept them.
 */
import { createHash } from 'node:crypto';

/** A message attribute in the AWS JSON protocol shape: binary values are base64 strings. */
export interface SqsMessageAttributeValue {
  DataType: string;
  StringValue?: string;
  BinaryValue?: string;
  StringListValues?: string[];
  BinaryListValues?: string[];
}

/** Hex MD5 of the UTF-8 bytes of a message body (`MD5OfMessageBody` / `MD5OfBody`). */
export function md5OfBody(body: string): string {
  return createHash('md5').update(body, 'utf8').digest('hex');
}

const STRING_TRANSPORT = 1;
const BINARY_TRANSPORT = 2;
const STRING_LIST_TRANSPORT = 3;
const BINARY_LIST_TRANSPORT = 4;

function lengthPrefixed(bytes: Buffer): Buffer[] {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return [length, bytes];
}

/**
 * Hex MD5 of message attributes (`MD5OfMessageAttributes`, and `MD5OfMessageSystemAttributes` for system
 * attributes): attributes sorted by name; for each, the length-prefixed UTF-8 name, the length-prefixed
 * UTF-8 data type, one transport byte (1 string, 2 binary, 3 string list, 4 binary list) and the
 * length-prefixed value bytes. Undefined when there are no attributes, as SQS then omits the digest.
 */
export function md5OfMessageAttributes(
  attributes: Readonly<Record<string, SqsMessageAttributeValue>> | undefined,
): string | undefined {
  const names = Object.keys(attributes ?? {}).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  if (attributes === undefined || names.length === 0) return undefined;
  const parts: Buffer[] = [];
  for (const name of names) {
    const attribute = attributes[name];
    if (attribute === undefined) continue;
    parts.push(
      ...lengthPrefixed(Buffer.from(name, 'utf8')),
      ...lengthPrefixed(Buffer.from(attribute.DataType, 'utf8')),
    );
    if (attribute.StringValue !== undefined) {
      parts.push(Buffer.from([STRING_TRANSPORT]), ...lengthPrefixed(Buffer.from(attribute.StringValue, 'utf8')));
    } else if (attribute.BinaryValue !== undefined) {
      parts.push(Buffer.from([BINARY_TRANSPORT]), ...lengthPrefixed(Buffer.from(attribute.BinaryValue, 'base64')));
    } else if (attribute.StringListValues !== undefined) {
      parts.push(Buffer.from([STRING_LIST_TRANSPORT]));
      for (const value of attribute.StringListValues) parts.push(...lengthPrefixed(Buffer.from(value, 'utf8')));
    } else if (attribute.BinaryListValues !== undefined) {
      parts.push(Buffer.from([BINARY_LIST_TRANSPORT]));
      for (const value of attribute.BinaryListValues) parts.push(...lengthPrefixed(Buffer.from(value, 'base64')));
    }
  }
  return createHash('md5').update(Buffer.concat(parts)).digest('hex');
}
