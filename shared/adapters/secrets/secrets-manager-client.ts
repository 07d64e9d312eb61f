/** One Secrets Manager client per execution environment (endpoint from `AWS_ENDPOINT_URL_SECRETS_MANAGER`). */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

let client: SecretsManagerClient | undefined;

export const secretsManagerClient = (): SecretsManagerClient => {
  client ??= new SecretsManagerClient({});
  return client;
};
