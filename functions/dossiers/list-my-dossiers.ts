import { listMyDossiers } from '../../shared/dossiers/view-dossier.ts';
import { dossierStore } from '../../shared/lambda/dossier-deps.ts';
import { httpHandler } from '../../shared/lambda/http.ts';
import * as z from '../../shared/validation/zod.ts';

const list = listMyDossiers({ store: dossierStore() });

/** GET /v1/me/dossiers: the citizen's dossiers, newest first. */
export const handler = httpHandler({ query: z.strictObject({}) }, ({ principal }) => list(principal));
