import { requireCitizen } from '../../shared/auth/principal.ts';
import { getMyRecord } from '../../shared/citizen/get-my-record.ts';
import { isIsoDate } from '../../shared/domain/dates.ts';
import { httpHandler } from '../../shared/lambda/http.ts';
import { accessRecorder, populationReader } from '../../shared/lambda/stores.ts';
import * as z from '../../shared/validation/zod.ts';

const myRecord = getMyRecord({ population: populationReader(), accessLog: accessRecorder() });

const Query = z.strictObject(
  {
    date: z
      .optional(z.string().check(z.refine(isIsoDate, 'Use a real calendar date in the form YYYY-MM-DD.')))
      .register(z.globalRegistry, { description: 'Name the residence units as in force on this day (default today).' }),
  },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? 'Only the "date" parameter is accepted.' : undefined) },
);

export const handler = httpHandler({ query: Query }, ({ principal, requestId, query }) =>
  myRecord(requireCitizen(principal, 1), requestId, query.date),
);
