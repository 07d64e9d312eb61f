/**
 * Starts one local cloud (real DynamoDB Local, the local AWS endpoint, the handlers) for the integration
 * tests, on free ports and a temporary data folder, so it never touches a developer's running instance.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { type LocalCloud, startLocalCloud } from '../../infra/local/local-cloud.ts';
import { topology } from '../../infra/topology.ts';
import { PROVINCE_CODES } from '../../shared/domain/admin-units/provinces.ts';
import { STEP_IDS } from '../../shared/dossiers/catalogue.ts';
import { freePort } from '../support/free-port.ts';

export const INTEGRATION_SEED_CITIZENS = 3000;

/** A province whose every procedure-group step is approved without an officer when its checks pass. */
const AUTO_APPROVAL_PROVINCE = '48';

/**
 * The repository's auto-approval configuration (provinces 01 and 37: only the automatic PIN and card steps, so
 * officers decide the rest), plus one province that approves every step, for the procedure-group tests.
 */
const autoApproval = () => ({
  ...(JSON.parse(readFileSync(new URL('../../config/auto-approval.json', import.meta.url), 'utf8')) as Record<
    string,
    string[]
  >),
  [AUTO_APPROVAL_PROVINCE]: [...STEP_IDS],
});

declare module 'vitest' {
  export interface ProvidedContext {
    apiUrl: string;
    awsEndpoint: string;
    dynamoDbEndpoint: string;
    seededCitizens: number;
    oidcIssuer: string;
    signingKeysFile: string;
    /** The local cloud's append-only anchor folder and anchor key file. */
    anchorsDir: string;
    anchorKeyFile: string;
    /** The local SMS gateway simulator (infra/local/sms-simulator.ts). */
    smsSimulatorUrl: string;
    /** The province that auto-approves every procedure-group step (see `autoApproval`). */
    autoApprovalProvince: string;
    /** The payment gateway simulator, and the terminal file (code and hash secret) the platform signs with. */
    paymentGatewayUrl: string;
    paymentTerminalFile: string;
  }
}

let cloud: LocalCloud | undefined;
let dataDir: string | undefined;

export async function setup(project: TestProject) {
  dataDir = mkdtempSync(join(tmpdir(), 'p06-it-'));
  cloud = await startLocalCloud({
    topology: topology([...PROVINCE_CODES]),
    dataDir,
    apiPort: await freePort(),
    awsPort: await freePort(),
    dynamoDbPort: await freePort(),
    paymentGatewayPort: await freePort(),
    seedCitizens: INTEGRATION_SEED_CITIZENS,
    environment: { AUTO_APPROVAL: JSON.stringify(autoApproval()) },
  });
  project.provide('apiUrl', cloud.apiUrl);
  project.provide('awsEndpoint', cloud.awsEndpoint);
  project.provide('dynamoDbEndpoint', cloud.dynamoDbEndpoint);
  project.provide('seededCitizens', INTEGRATION_SEED_CITIZENS);
  project.provide('oidcIssuer', cloud.oidcIssuer);
  project.provide('signingKeysFile', cloud.signingKeysFile);
  project.provide('anchorsDir', cloud.anchors.dir);
  project.provide('anchorKeyFile', cloud.anchors.keyFile);
  project.provide('smsSimulatorUrl', cloud.smsSimulatorUrl);
  project.provide('autoApprovalProvince', AUTO_APPROVAL_PROVINCE);
  project.provide('paymentGatewayUrl', cloud.paymentGateway.url);
  project.provide('paymentTerminalFile', cloud.paymentGateway.terminalFile);
}

export async function teardown() {
  await cloud?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}
