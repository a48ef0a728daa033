import { inventory } from './support/route-inventory';
import { createTestApp, TestApp } from './support/test-app';

interface Operation {
  security?: Array<Record<string, string[]>>;
  responses: Record<string, unknown>;
}

describe('OpenAPI document', () => {
  let t: TestApp;
  let paths: Record<string, Record<string, Operation>>;

  beforeAll(async () => {
    t = await createTestApp();
    const res = await t.http.get('/api/docs-json').expect(200);
    paths = res.body.paths;
  });
  afterAll(() => t.close());

  /** "GET /api/leads/{id}" → "GET /api/leads/:id", the inventory's spelling. */
  const operations = () =>
    Object.entries(paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({
        route: `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`,
        operation,
      })),
    );

  it('documents every mounted route, and no other', () => {
    const documented = operations()
      .map(({ route }) => route)
      .sort();
    expect(documented).toEqual(
      inventory(t)
        .map(({ route }) => route)
        .sort(),
    );
  });

  it('gives every route its auth scheme: staff JWT, the webhook key, either for the tool definitions, the metrics token for /metrics, or none for login and the Vonage webhooks', () => {
    const publicRoutes = new Set(
      inventory(t)
        .filter((route) => route.isPublic)
        .map((route) => route.route),
    );
    for (const { route, operation } of operations()) {
      const schemes = (operation.security ?? []).flatMap((requirement) => Object.keys(requirement)).sort();
      if (route === 'POST /api/auth/login' || route.startsWith('GET /health/'))
        expect([route, schemes]).toEqual([route, []]);
      else if (route === 'POST /api/webhooks/ai-tools')
        expect([route, schemes]).toEqual([route, ['webhook-key-bearer', 'webhook-key-header']]);
      // Either credential: OpenAPI reads the three requirements as alternatives.
      else if (route === 'GET /api/webhooks/ai-tools/definitions')
        expect([route, publicRoutes.has(route), schemes]).toEqual([
          route,
          true,
          ['staff-jwt', 'webhook-key-bearer', 'webhook-key-header'],
        ]);
      // Vonage authenticates with a signature inside the parameters or a path token: no OpenAPI scheme says either.
      else if (route.startsWith('POST /api/webhooks/vonage/'))
        expect([route, publicRoutes.has(route), schemes]).toEqual([route, true, []]);
      // Prometheus presents METRICS_TOKEN, a bearer token of its own.
      else if (route === 'GET /metrics')
        expect([route, publicRoutes.has(route), schemes]).toEqual([route, true, ['metrics-token']]);
      else expect([route, publicRoutes.has(route), schemes]).toEqual([route, false, ['staff-jwt']]);
    }
  });

  it('documents a success answer of every route, and the auth failure of every route that needs a credential', () => {
    for (const { route, operation } of operations()) {
      const statuses = Object.keys(operation.responses);
      expect([route, statuses.some((status) => status.startsWith('2'))]).toEqual([route, true]);
      if (!route.startsWith('GET /health/')) expect([route, statuses.includes('401')]).toEqual([route, true]);
    }
  });

  it('serves the UI at /api/docs without a token', async () => {
    const res = await t.http.get('/api/docs').redirects(1);
    expect(res.status).toBe(200);
    expect(res.text).toContain('swagger-ui');
  });
});
