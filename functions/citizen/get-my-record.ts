import * as z from 'zod';
import { requireCitizen } from '../../shared/auth/principal.ts';
import { getMyRecord } from '../../shared/citizen/get-my-record.ts';
import { httpHandler } from '../../shared/lambda/http.ts';
import { accessRecorder, populationStore } from '../../shared/lambda/stores.ts';

const myRecord = getMyRecord({ population: populationStore(), accessLog: accessRecorder() });

export const handler = httpHandler({ query: z.strictObject({}) }, ({ principal, requestId }) =>
  myRecord(requireCitizen(principal, 1), requestId),
);
