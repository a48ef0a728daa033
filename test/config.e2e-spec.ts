import { ADMIN, createTestApp } from './support/test-app';

describe('configuration at start', () => {
  it.each([
    ['PORT', { PORT: 'eighty' }],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://root@localhost/crm' }],
    ['SMS_TIMEOUT_MS', { SMS_TIMEOUT_MS: '20000' }],
    ['VONAGE_FROM', { SMS_PROVIDER: 'vonage', VONAGE_FROM: undefined }],
    ['JWT_SECRET', { NODE_ENV: 'production', JWT_SECRET: undefined }],
    ['DEFAULT_TIMEZONE', { DEFAULT_TIMEZONE: 'Mars/Olympus_Mons' }],
    ['ADMIN_PASSWORD', { ADMIN_PASSWORD: 'Password1234' }],
  ])('a bad %s stops the start with a message naming it', async (variable, env) => {
    await expect(createTestApp(env)).rejects.toThrow(new RegExp(`\\b${variable}\\b`));
  });

  it('without JWT_SECRET outside production, generates one so staff can still sign in', async () => {
    const t = await createTestApp({ NODE_ENV: 'development', JWT_SECRET: undefined });
    try {
      const token = await t.staffToken();
      const res = await t.http.get('/api/leads').set('Authorization', `Bearer ${token}`);
      expect(res.status).toBe(200);
    } finally {
      await t.close();
    }
  });

  it('creates the first owner from ADMIN_EMAIL and ADMIN_PASSWORD, storing only a scrypt hash', async () => {
    const t = await createTestApp();
    try {
      const users = await t.rows<{ email: string; role: string; tenantId: string | null; passwordHash: string }>(
        'users',
      );
      expect(users).toHaveLength(1);
      expect(users[0]).toMatchObject({ email: ADMIN.email, role: 'owner', tenantId: null });
      expect(users[0].passwordHash).toMatch(/^scrypt\$/);
      expect(users[0].passwordHash).not.toContain(ADMIN.password);
    } finally {
      await t.close();
    }
  });
});
