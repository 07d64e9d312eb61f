import { Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * Renders a policy resource the way cdk-nag names it in a finding ID (`AwsSolutions-IAM5[Resource::…]`):
 * `Ref` becomes `<Name>`, `Fn::GetAtt` becomes `<Resource.Attribute>`, `Fn::Join` is joined. Lets a construct
 * acknowledge the exact wildcard it grants instead of every wildcard of the rule.
 */
export const nagResource = (scope: IConstruct, value: string): string => flatten(Stack.of(scope).resolve(value));

const flatten = (node: unknown): string => {
  if (node === undefined) return '';
  if (typeof node === 'string') return node.replace(/\$\{/g, '<').replace(/\}/g, '>');
  if (typeof node === 'object' && node !== null) {
    const fn = node as Record<string, unknown>;
    if (Array.isArray(fn['Fn::Join'])) {
      const [delimiter, items] = fn['Fn::Join'] as [string, unknown[]];
      return items.map(flatten).join(delimiter);
    }
    if ('Fn::Sub' in fn) return flatten(fn['Fn::Sub']);
    if (Array.isArray(fn['Fn::GetAtt'])) {
      const [resource, attribute] = fn['Fn::GetAtt'] as [unknown, unknown];
      return `<${flatten(resource)}.${flatten(attribute)}>`;
    }
    if ('Fn::ImportValue' in fn) return flatten(fn['Fn::ImportValue']);
    if ('Ref' in fn) return `<${flatten(fn.Ref)}>`;
  }
  return JSON.stringify(node);
};
