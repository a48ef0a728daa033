import { createTestApp, TestApp } from './support/test-app';

describe('health probes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('answers live and ready without a credential, outside the /api prefix', async () => {
    const live = await t.http.get('/health/live').expect(200);
    expect(live.body).toMatchObject({ status: 'ok' });
    const ready = await t.http.get('/health/ready').expect(200);
    expect(ready.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });
    await t.http.get('/api/health/ready').expect(404);
  });

  it('reports not ready, with 503, once the database is gone', async () => {
    await t.dataSource.destroy();
    const ready = await t.http.get('/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({
      status: 'error',
      error: { database: { status: 'down', message: 'not answering' } },
    });
    // Public: the driver's reason (hosts, ports) stays in the log.
    expect(ready.text).not.toMatch(/not connected|ECONN|127\.0\.0\.1|5432/);
    await t.http.get('/health/live').expect(200);
  });
});

describe('security headers and CORS', () => {
  describe('by default', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp();
    });
    afterAll(() => t.close());

    it('sends helmet headers and no X-Powered-By on API answers, the webhook included', async () => {
      for (const res of [
        await t.http.get('/api/leads'),
        await t.tool('check_policy_status', { policy_number: 'X-1' }),
      ]) {
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        expect(res.headers['content-security-policy']).toContain("default-src 'self'");
        expect(res.headers['x-powered-by']).toBeUndefined();
      }
    });

    it('answers no browser origin', async () => {
      const preflight = await t.http
        .options('/api/leads')
        .set('Origin', 'https://crm.example.com')
        .set('Access-Control-Request-Method', 'GET');
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
      const res = await t.http.get('/api/leads').set('Origin', 'https://crm.example.com');
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    });
  });

  describe('with CORS_ORIGINS', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ CORS_ORIGINS: 'https://crm.example.com, https://admin.example.com' });
    });
    afterAll(() => t.close());

    it('allows exactly the origins it names', async () => {
      const allowed = await t.http
        .options('/api/leads')
        .set('Origin', 'https://admin.example.com')
        .set('Access-Control-Request-Method', 'GET');
      expect(allowed.status).toBe(204);
      expect(allowed.headers['access-control-allow-origin']).toBe('https://admin.example.com');
      const other = await t.http
        .options('/api/leads')
        .set('Origin', 'https://evil.example.com')
        .set('Access-Control-Request-Method', 'GET');
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
    });
  });

  it('refuses a CORS_ORIGINS that is not a list of origins, naming it', async () => {
    await expect(createTestApp({ CORS_ORIGINS: 'crm.example.com' })).rejects.toThrow(/CORS_ORIGINS/);
  });
});
