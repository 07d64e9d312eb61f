import { requireCitizen } from '../../shared/auth/principal.ts';
import { listMyChildren } from '../../shared/citizen/list-my-children.ts';
import { httpHandler } from '../../shared/lambda/http.ts';
import { accessRecorder, now, populationReader } from '../../shared/lambda/stores.ts';
import * as z from '../../shared/validation/zod.ts';

const children = listMyChildren({ population: populationReader(), accessLog: accessRecorder(), now });

export const handler = httpHandler({ query: z.strictObject({}) }, ({ principal, requestId }) =>
  children(requireCitizen(principal, 2), requestId),
);
