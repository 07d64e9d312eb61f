/** The local cloud every bench part runs on, seeded with `citizens` citizens. */
import { startLocalCloud } from '../../infra/local/local-cloud.ts';
import { topology } from '../../infra/topology.ts';
import { PROVINCE_CODES } from '../../shared/domain/admin-units/provinces.ts';
import { freePort } from '../support/free-port.ts';

export const startBenchCloud = async (options: {
  readonly dataDir: string;
  readonly citizens: number;
  /** DynamoDB Local in memory (the bench's data is thrown away), or on disk as `npm start` keeps it. */
  readonly dynamoDbInMemory: boolean;
  readonly log: (line: string) => void;
}) =>
  startLocalCloud({
    topology: topology([...PROVINCE_CODES]),
    dataDir: options.dataDir,
    dynamoDbInMemory: options.dynamoDbInMemory,
    apiPort: await freePort(),
    awsPort: await freePort(),
    dynamoDbPort: await freePort(),
    seedCitizens: options.citizens,
    log: options.log,
    // The benchmark's agency client must not be throttled by the per-client quota it is not measuring.
    // The procedure-group burst runs with auto-approval on, as the "day in Hanoi" asks.
    environment: { AGENCY_QUOTA_PER_MINUTE: '10000000', AUTO_APPROVAL: 'all' },
  });
