import { httpHandler } from '../../shared/lambda/http.ts';
import { accessRecorder, documentStore } from '../../shared/lambda/stores.ts';
import { verifyOldIdConfirmation } from '../../shared/services/confirm-old-id-number.ts';
import * as z from '../../shared/validation/zod.ts';

const verify = verifyOldIdConfirmation({ documents: documentStore(), accessLog: accessRecorder() });

const Query = z.strictObject({
  code: z.string().check(z.regex(/^[0-9A-Fa-f]{12}$/, 'The verification code has 12 characters (0-9, A-F).')),
});

export const handler = httpHandler({ query: Query }, ({ query, pathParameters, requestId }) =>
  verify(pathParameters.number ?? '', query.code, requestId),
);
