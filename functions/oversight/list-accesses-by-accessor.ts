import { httpHandler } from '../../shared/lambda/http.ts';
import { accessLogStore, accessRecorder } from '../../shared/lambda/stores.ts';
import { listAccessesByAccessor, OversightQuerySchema } from '../../shared/oversight/list-accesses-by-accessor.ts';

const oversee = listAccessesByAccessor({ accessLog: accessLogStore(), recorder: accessRecorder() });

/** GET /v1/oversight/access-log?accessor=&from=&to=&limit=&cursor=: for inspectors; the read is itself logged. */
export const handler = httpHandler({ query: OversightQuerySchema }, ({ principal, query, requestId }) =>
  oversee(principal, query, requestId),
);
