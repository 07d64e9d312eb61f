import { listMyAccessLog, MyAccessLogQuerySchema } from '../../shared/access-log/list-my-access-log.ts';
import { requireCitizen } from '../../shared/auth/principal.ts';
import { httpHandler } from '../../shared/lambda/http.ts';
import { accessLogStore } from '../../shared/lambda/stores.ts';

const myAccessLog = listMyAccessLog({ accessLog: accessLogStore() });

export const handler = httpHandler({ query: MyAccessLogQuerySchema }, ({ principal, query }) =>
  myAccessLog(requireCitizen(principal, 1).pin, query),
);
