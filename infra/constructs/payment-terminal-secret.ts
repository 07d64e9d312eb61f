/**
 * The payment terminal's secrets in AWS: `{tmnCode, hashSecret}` as JSON in a Secrets Manager secret under its own
 * customer-managed KMS key, read by the functions that talk to the payment gateway (topology `usesPaymentGateway`).
 * CloudFormation creates it with a placeholder terminal code and a random hash secret, so a fresh deployment works
 * against the local simulator's protocol but no real gateway; operators then write the terminal code and hash
 * secret the gateway issued (docs/payments.md). Retained: the hash secret is shared with the gateway.
 */
import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { PlatformKey } from './platform-key.ts';

/** VNPAY's public sandbox, the default gateway of a deployment until context `paymentGatewayUrl` names another. */
export const DEFAULT_PAYMENT_GATEWAY_URL = 'https://sandbox.vnpayment.vn';

export interface PaymentGatewaySettings {
  /** The gateway's base URL (payment page and merchant API). */
  readonly gatewayUrl: string;
  /** Where the gateway sends the citizen back: the API's `/v1/payments/vnpay/return`. */
  readonly returnUrl: string;
}

export class PaymentTerminalSecret extends Construct {
  public readonly key: PlatformKey;
  public readonly secret: secretsmanager.Secret;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.key = new PlatformKey(this, 'Key', { description: "Encrypts the payment terminal's hash secret" });
    this.secret = new secretsmanager.Secret(this, 'Secret', {
      description: 'Payment gateway terminal: JSON {tmnCode, hashSecret}; write the values the gateway issued',
      encryptionKey: this.key,
      removalPolicy: RemovalPolicy.RETAIN,
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ tmnCode: 'CHANGEME' }),
        generateStringKey: 'hashSecret',
        passwordLength: 64,
        excludePunctuation: true,
        includeSpace: false,
      },
    });
    Validations.of(this.secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The hash secret is issued by the payment gateway for the terminal and must equal the copy the gateway holds: it changes only when the gateway issues a new one, a coordinated manual step (docs/payments.md), never by a rotation Lambda.',
    });
  }

  /** Lets `fn` read the terminal, and tells it where the gateway is and where citizens come back. */
  grantTo(fn: lambda.Function, settings: PaymentGatewaySettings): void {
    this.secret.grantRead(fn);
    fn.addEnvironment('PAYMENT_TERMINAL_SECRET_ARN', this.secret.secretArn);
    fn.addEnvironment('PAYMENT_GATEWAY_URL', settings.gatewayUrl);
    fn.addEnvironment('PAYMENT_RETURN_URL', settings.returnUrl);
  }
}
