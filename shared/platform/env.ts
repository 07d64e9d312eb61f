/**
 * The deployment's environment variables. A module of its own, without the AWS clients, so that a function that only
 * reads its configuration (GetOpenApi) does not bundle them.
 */

/** The value of a required environment variable, or a clear start-up error naming it. */
export const requiredEnv = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`Environment variable ${name} is not set; the deployment (CDK or local cloud) sets it.`);
  return value;
};
