import { describe, expect, inject, it } from 'vitest';
import { getJson } from '../../support/clients.ts';

describe('GET /health', () => {
  it('answers 200 with every local component up', async () => {
    const { status, body } = await getJson(`${inject('apiUrl')}/health`);
    expect(status).toBe(200);
    const components = body.components as Record<string, { status: string; detail?: string }>;
    expect(Object.keys(components).sort()).toEqual([
      'dynamodb:AccessLog',
      'dynamodb:Dossiers',
      'dynamodb:Identity',
      'dynamodb:Payments',
      'dynamodb:Population',
      'sqs:provinceIntake',
      'stepFunctions',
    ]);
    for (const [name, component] of Object.entries(components)) expect(component.status, name).toBe('ok');
    expect(components['sqs:provinceIntake']?.detail).toBe('34 province intake queues');
  });

  it('answers 404 for an unknown route and 405 for a known path with another method', async () => {
    expect((await fetch(`${inject('apiUrl')}/v1/nothing-here`)).status).toBe(404);
    const wrongMethod = await fetch(`${inject('apiUrl')}/health`, { method: 'POST' });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET');
  });
});
