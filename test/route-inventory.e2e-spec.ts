import { inventory } from './support/route-inventory';
import { createTestApp, TestApp, WEBHOOK_KEY } from './support/test-app';

describe('route inventory', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('knows every public route: a new one must be added here, deliberately', () => {
    const publicRoutes = inventory(t).filter((route) => route.isPublic);
    expect(publicRoutes).toEqual([
      // The tools' function declarations, for the voice agent's configuration: public to the JWT
      // guard, behind its own guard, which takes a webhook key or else verifies a staff JWT.
      { route: 'GET /api/webhooks/ai-tools/definitions', isPublic: true, guards: ['WebhookKeyOrStaffGuard'] },
      // Load-balancer probes: up or down, nothing more.
      { route: 'GET /health/live', isPublic: true, guards: [] },
      { route: 'GET /health/ready', isPublic: true, guards: [] },
      // Prometheus: public to the JWT guard, behind its own guard, which takes METRICS_TOKEN (404 while it is unset).
      { route: 'GET /metrics', isPublic: true, guards: ['MetricsTokenGuard'] },
      // Staff sign in with email and password, a few attempts at a time.
      { route: 'POST /api/auth/login', isPublic: true, guards: ['LoginAddressThrottlerGuard', 'LoginThrottlerGuard'] },
      // The platform's webhook: public to the JWT guard, behind its own API-key guard, then its key's
      // rate limit, then the size limits of its args.
      {
        route: 'POST /api/webhooks/ai-tools',
        isPublic: true,
        guards: ['ApiKeyGuard', 'WebhookThrottlerGuard', 'ArgsLimitsGuard'],
      },
      // Vonage's delivery receipts and inbound texts: signed with VONAGE_SIGNATURE_SECRET, or
      // VONAGE_WEBHOOK_TOKEN as the last path segment; with neither, every request is refused.
      { route: 'POST /api/webhooks/vonage/delivery-receipt', isPublic: true, guards: ['VonageSignatureGuard'] },
      { route: 'POST /api/webhooks/vonage/delivery-receipt/:token', isPublic: true, guards: ['VonageSignatureGuard'] },
      { route: 'POST /api/webhooks/vonage/inbound', isPublic: true, guards: ['VonageSignatureGuard'] },
      { route: 'POST /api/webhooks/vonage/inbound/:token', isPublic: true, guards: ['VonageSignatureGuard'] },
    ]);
  });

  it('has the staff routes of the design and of the multi-tenant CRM, all behind the JWT guard', () => {
    const staff = inventory(t).filter((route) => !route.isPublic);
    expect(staff.map((route) => route.route)).toEqual(
      [
        'GET /api/leads',
        'POST /api/leads',
        'GET /api/leads/:id',
        'PATCH /api/leads/:id',
        'DELETE /api/leads/:id',
        'GET /api/messages',
        'GET /api/messages/:id',
        'PATCH /api/messages/:id',
        'GET /api/appointments',
        'POST /api/appointments',
        'GET /api/appointments/:id',
        'PATCH /api/appointments/:id',
        'GET /api/policies',
        'POST /api/policies',
        'GET /api/policies/:id',
        'PATCH /api/policies/:id',
        'DELETE /api/policies/:id',
        'GET /api/sms',
        'POST /api/sms',
        'GET /api/sms/:id',
        'GET /api/tool-calls',
        'GET /api/tool-calls/:id',
        'GET /api/auth/me',
        'GET /api/tenants',
        'POST /api/tenants',
        'GET /api/tenants/:id',
        'PATCH /api/tenants/:id',
        'GET /api/users',
        'POST /api/users',
        'GET /api/users/:id',
        'PATCH /api/users/:id',
        'GET /api/webhook-keys',
        'POST /api/webhook-keys',
        'DELETE /api/webhook-keys/:id',
        'POST /api/policies/import',
        'GET /api/calls/:callId',
      ].sort((a, b) => a.localeCompare(b)),
    );
  });

  it('refuses every non-public route over HTTP without a JWT, and with the webhook key', async () => {
    const staff = inventory(t).filter((route) => !route.isPublic);
    for (const { route } of staff) {
      const [method, path] = route.split(' ');
      const url = path.replace(':id', '00000000-0000-4000-8000-000000000000');
      const call = () => t.http[method.toLowerCase() as 'get' | 'post' | 'patch' | 'delete'](url);
      const anonymous = await call();
      const withWebhookKey = await call().set('Authorization', `Bearer ${WEBHOOK_KEY}`);
      const withApiKeyHeader = await call().set('X-API-Key', WEBHOOK_KEY);
      expect([route, anonymous.status, withWebhookKey.status, withApiKeyHeader.status]).toEqual([route, 401, 401, 401]);
    }
  });

  it('refuses the webhook with a staff JWT', async () => {
    const res = await t.http
      .post('/api/webhooks/ai-tools')
      .set('Authorization', `Bearer ${await t.staffToken()}`)
      .send({ function: 'create_lead', args: { first_name: 'Ana', phone: '+17865550198' } });
    expect(res.status).toBe(401);
    expect(await t.rows('leads')).toHaveLength(0);
  });
});
