/**
 * Staff authentication over real HTTP (DESIGN.md §5): login, the staff JWT and what it refuses,
 * /api/auth/me, and tokens revoked by disabling a user or changing a password, with tenants A and B.
 */
import { bearer, createStaff, login, MISSING_ID, Staff, ZONE } from './support/staff-fixtures';
import { base64url, decodeJwtPayload, signJwt, signStaffToken as signStaffJwt } from './support/staff-tokens';
import { ADMIN, createTestApp, OTHER_TENANT, TENANT, TestApp, WEBHOOK_KEY } from './support/test-app';
import { buildWorld, TA, TB, World } from './support/two-tenants';
import { Body, bool, messageText, namedFields } from './support/values';

const JWT_SECRET = 'auth-spec-jwt-secret-0123456789abcdef0123456789';

const signStaffToken = (claims: { sub: string; email: string; ver: number }) => signStaffJwt(claims, JWT_SECRET);

describe('Auth: staff login and tokens', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ JWT_SECRET });
  });

  afterAll(async () => {
    await t?.close();
  });

  /** Every staff route of DESIGN.md §5, with a well-formed id where the route takes one. */
  const staffRoutes: Array<[method: 'get' | 'post' | 'patch' | 'delete', path: string]> = [
    ['get', '/api/leads'],
    ['post', '/api/leads'],
    ['get', `/api/leads/${MISSING_ID}`],
    ['patch', `/api/leads/${MISSING_ID}`],
    ['delete', `/api/leads/${MISSING_ID}`],
    ['get', '/api/messages'],
    ['get', `/api/messages/${MISSING_ID}`],
    ['patch', `/api/messages/${MISSING_ID}`],
    ['get', '/api/appointments'],
    ['post', '/api/appointments'],
    ['get', `/api/appointments/${MISSING_ID}`],
    ['patch', `/api/appointments/${MISSING_ID}`],
    ['get', '/api/policies'],
    ['post', '/api/policies'],
    ['get', `/api/policies/${MISSING_ID}`],
    ['patch', `/api/policies/${MISSING_ID}`],
    ['delete', `/api/policies/${MISSING_ID}`],
    ['get', '/api/sms'],
    ['post', '/api/sms'],
    ['get', `/api/sms/${MISSING_ID}`],
    ['get', '/api/tool-calls'],
    ['get', `/api/tool-calls/${MISSING_ID}`],
  ];

  it('logs the bootstrap admin in with a JWT for the staff audience', async () => {
    const response = await t.http.post('/api/auth/login').send(ADMIN).expect(200);
    const token = response.body.access_token as string;
    expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const claims = decodeJwtPayload(token);
    const [user] = await t.rows('users', '"email" = ?', [ADMIN.email]);
    expect(claims).toMatchObject({ sub: user.id, email: ADMIN.email, ver: 0, aud: 'voice-crm:staff' });
    expect(user.role).toBe('owner');
    expect(claims.exp).toBeGreaterThan(claims.iat);
    expect(user.tenantId).toBeNull();
    // The password is not in the token, and is not stored in clear.
    expect(JSON.stringify(claims)).not.toContain(ADMIN.password);
    expect(String(user.passwordHash)).not.toContain(ADMIN.password);
    // The token opens a staff route.
    await t.http.get('/api/leads').set('Authorization', `Bearer ${token}`).expect(200);
  });

  it('answers a wrong password and an unknown email alike, with 401 and no token', async () => {
    const wrongPassword = await t.http
      .post('/api/auth/login')
      .send({ email: ADMIN.email, password: `${ADMIN.password}x` })
      .expect(401);
    const unknownEmail = await t.http
      .post('/api/auth/login')
      .send({ email: 'nobody@example.com', password: ADMIN.password })
      .expect(401);
    expect(wrongPassword.body).toEqual(unknownEmail.body);
    expect(wrongPassword.body.access_token).toBeUndefined();
    expect(messageText(wrongPassword.body)).toMatch(/invalid email or password/i);
  });

  it('accepts the email in any letter case', async () => {
    const response = await t.http
      .post('/api/auth/login')
      .send({ email: 'ADMIN@Example.COM', password: ADMIN.password })
      .expect(200);
    const [user] = await t.rows('users', '"email" = ?', [ADMIN.email]);
    expect(decodeJwtPayload(response.body.access_token as string).sub).toBe(user.id);
  });

  it('refuses a missing or malformed login body with 400 naming the field', async () => {
    const empty = await t.http.post('/api/auth/login').send({}).expect(400);
    expect(namedFields(empty.body)).toEqual(expect.arrayContaining(['email', 'password']));

    const noPassword = await t.http.post('/api/auth/login').send({ email: ADMIN.email }).expect(400);
    expect(namedFields(noPassword.body)).toEqual(['password']);
    expect(messageText(noPassword.body)).toContain('password');

    const numericPassword = await t.http
      .post('/api/auth/login')
      .send({ email: ADMIN.email, password: 12345678 })
      .expect(400);
    expect(namedFields(numericPassword.body)).toEqual(['password']);

    const noEmail = await t.http.post('/api/auth/login').send({ password: ADMIN.password }).expect(400);
    expect(namedFields(noEmail.body)).toEqual(['email']);
    expect(messageText(noEmail.body)).toContain('email');

    const extra = await t.http
      .post('/api/auth/login')
      .send({ ...ADMIN, role: 'admin' })
      .expect(400);
    expect(namedFields(extra.body)).toEqual(['role']);
    expect(extra.body.access_token).toBeUndefined();
  });

  it('refuses every staff route without a token, and writes nothing', async () => {
    for (const [method, path] of staffRoutes) {
      const response = await t.http[method](`${path}?tenant_id=${TENANT}`).send({
        firstName: 'Ana',
        phone: '+17865550198',
      });
      expect({ route: `${method} ${path}`, status: response.status }).toEqual({
        route: `${method} ${path}`,
        status: 401,
      });
      expect(response.body.statusCode).toBe(401);
    }
    expect(await t.rows('leads')).toHaveLength(0);
    expect(await t.rows('sms_messages')).toHaveLength(0);
    expect(t.vonage.requests).toBe(0);
  });

  it('refuses the webhook key as a staff Bearer token on every staff route', async () => {
    for (const [method, path] of staffRoutes) {
      const response = await t.http[method](`${path}?tenant_id=${TENANT}`)
        .set('Authorization', `Bearer ${WEBHOOK_KEY}`)
        .send({});
      expect({ route: `${method} ${path}`, status: response.status }).toEqual({
        route: `${method} ${path}`,
        status: 401,
      });
    }
    // Nor as X-API-Key, the webhook's other header.
    await t.http.get('/api/tool-calls').set('X-API-Key', WEBHOOK_KEY).expect(401);
  });

  it('refuses expired, tampered, foreign and unsigned tokens', async () => {
    const token = await t.staffToken();
    const claims = decodeJwtPayload(token);
    const now = Math.floor(Date.now() / 1000);
    const bearer = (value: string) => t.http.get('/api/leads').set('Authorization', `Bearer ${value}`);

    // A control: a token we sign ourselves with the app's secret and claims is accepted, so
    // the refusals below are about the one thing each changes.
    await bearer(signJwt({ ...claims, iat: now, exp: now + 600 }, JWT_SECRET)).expect(200);

    await bearer(signJwt({ ...claims, iat: now - 7200, exp: now - 3600 }, JWT_SECRET)).expect(401);

    const [header, , signature] = token.split('.');
    const tampered = `${header}.${base64url({ ...claims, tenantId: OTHER_TENANT })}.${signature}`;
    await bearer(tampered).expect(401);

    const flipped = `${token.slice(0, -2)}${token.slice(-2) === 'AA' ? 'BB' : 'AA'}`;
    await bearer(flipped).expect(401);

    await bearer(signJwt({ ...claims, iat: now, exp: now + 600 }, 'another-secret-0123456789abcdef0123456789')).expect(
      401,
    );

    const { aud: _aud, ...withoutAudience } = claims;
    await bearer(signJwt({ ...withoutAudience, iat: now, exp: now + 600 }, JWT_SECRET)).expect(401);
    await bearer(signJwt({ ...claims, aud: 'someone-else', iat: now, exp: now + 600 }, JWT_SECRET)).expect(401);

    const unsigned = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ ...claims, iat: now, exp: now + 600 })}.`;
    await bearer(unsigned).expect(401);

    await bearer('not-a-jwt').expect(401);
    await t.http.get('/api/leads').set('Authorization', token).expect(401);
    await t.http
      .get('/api/leads')
      .set('Authorization', `Basic ${Buffer.from(`${ADMIN.email}:${ADMIN.password}`).toString('base64')}`)
      .expect(401);
  });
});

describe('Auth: disabled users and revoked tokens, tenant by tenant', () => {
  let t: TestApp;
  let w: World;
  let agent: Staff;

  beforeAll(async () => {
    t = await createTestApp({ JWT_SECRET });
    w = await buildWorld(t);
    agent = await createStaff(t, w.adminA.token, TA, 'agent', 'temp-agent-a', false);
  });

  afterAll(async () => {
    await t?.close();
  });

  async function loginFailure(email: string, password: string): Promise<Body> {
    const response = await t.http.post('/api/auth/login').send({ email, password }).expect(401);
    expect(response.body.access_token).toBeUndefined();
    return response.body as Body;
  }

  it('answers GET /api/auth/me with the user and its tenant’s settings, never its secrets', async () => {
    const me = await t.http.get('/api/auth/me').set(bearer(w.agentB.token)).expect(200);
    const [row] = await t.rows('users', '"id" = ?', [w.agentB.id]);
    expect(me.body).toMatchObject({
      id: w.agentB.id,
      email: w.agentB.email,
      role: 'agent',
      tenantId: TB,
      active: true,
      name: 'agent-b',
    });
    expect(me.body.tenant).toMatchObject({
      id: w.tenantB.id,
      platformTenantId: TB,
      name: 'Beta Brokers',
      timezone: 'Europe/Madrid',
      language: 'es',
      defaultCountry: 'ES',
    });
    expect(me.body.passwordHash).toBeUndefined();
    expect(me.body.tokenVersion).toBeUndefined();
    expect(me.text).not.toContain(String(row.passwordHash));
    expect(me.text).not.toContain(w.agentB.password);

    const mine = await t.http.get('/api/auth/me').set(bearer(w.adminA.token)).expect(200);
    expect(mine.body).toMatchObject({
      id: w.adminA.id,
      role: 'admin',
      tenantId: TA,
      tenant: { platformTenantId: TA, timezone: ZONE, language: 'en', defaultCountry: 'US' },
    });

    const owner = await t.http.get('/api/auth/me').set(bearer(w.owner)).expect(200);
    expect(owner.body).toMatchObject({
      id: w.ownerId,
      email: ADMIN.email,
      role: 'owner',
      tenantId: null,
      tenant: null,
    });
    expect(owner.body.passwordHash).toBeUndefined();
    expect(owner.body.tokenVersion).toBeUndefined();
  });

  it('refuses a disabled user at its very next request, and at login like a wrong password', async () => {
    await t.http.get('/api/leads').set(bearer(agent.token)).expect(200);
    const disabled = await t.http
      .patch(`/api/users/${agent.id}`)
      .set(bearer(w.adminA.token))
      .send({ active: false })
      .expect(200);
    expect(disabled.body).toMatchObject({ id: agent.id, active: false, role: 'agent', tenantId: TA });
    expect(disabled.body.passwordHash).toBeUndefined();
    expect(disabled.body.tokenVersion).toBeUndefined();
    const [row] = await t.rows('users', '"id" = ?', [agent.id]);
    expect(bool(row.active)).toBe(false);
    expect(row.tokenVersion).toBe(1);

    for (const path of ['/api/leads', '/api/auth/me', `/api/leads/${w.A.lead}`, `/api/calls/${w.A.callId}`]) {
      const response = await t.http.get(path).set(bearer(agent.token));
      expect({ path, status: response.status }).toEqual({ path, status: 401 });
    }
    // Refused for being disabled, not only for the old version: a token of the current version is refused too.
    const current = signStaffToken({ sub: agent.id, email: agent.email, ver: row.tokenVersion as number });
    await t.http.get('/api/leads').set(bearer(current)).expect(401);
    // (The same forged token for an active user of its current version is accepted: the signing is right.)
    await t.http
      .get('/api/leads')
      .set(bearer(signStaffToken({ sub: w.agentA.id, email: w.agentA.email, ver: 0 })))
      .expect(200);
    await t.http
      .get('/api/leads')
      .set(bearer(signStaffToken({ sub: w.agentA.id, email: w.agentA.email, ver: 1 })))
      .expect(401);
    const refused = await t.http
      .post('/api/leads')
      .set(bearer(agent.token))
      .send({ firstName: 'Ghost', phone: '+17865550190' })
      .expect(401);
    expect(refused.body.statusCode).toBe(401);
    expect(await t.rows('leads', '"firstName" = ?', ['Ghost'])).toEqual([]);

    const rightPassword = await loginFailure(agent.email, agent.password);
    const wrongPassword = await loginFailure(agent.email, `${agent.password}x`);
    const activeWrongPassword = await loginFailure(w.agentA.email, `${w.agentA.password}x`);
    const unknown = await loginFailure('nobody@tenancy.example', agent.password);
    expect(rightPassword).toEqual(wrongPassword);
    expect(rightPassword).toEqual(activeWrongPassword);
    expect(rightPassword).toEqual(unknown);
  });

  it('needs a new login after re-enabling: the old token stays refused', async () => {
    const enabled = await t.http
      .patch(`/api/users/${agent.id}`)
      .set(bearer(w.adminA.token))
      .send({ active: true })
      .expect(200);
    expect(enabled.body.active).toBe(true);
    const [row] = await t.rows('users', '"id" = ?', [agent.id]);
    expect(bool(row.active)).toBe(true);
    expect(row.tokenVersion).toBe(2);
    await t.http.get('/api/leads').set(bearer(agent.token)).expect(401);
    agent.token = await login(t, agent.email, agent.password);
    const list = await t.http.get('/api/leads').set(bearer(agent.token)).expect(200);
    expect((list.body.data as Body[]).every((lead) => lead.tenantId === TA)).toBe(true);
  });

  it('revokes the old token when the admin changes the password', async () => {
    const oldToken = agent.token;
    const oldPassword = agent.password;
    const newPassword = 'Rotated-Secret-Passw0rd';
    const [before] = await t.rows('users', '"id" = ?', [agent.id]);
    const response = await t.http
      .patch(`/api/users/${agent.id}`)
      .set(bearer(w.adminA.token))
      .send({ password: newPassword })
      .expect(200);
    expect(response.text).not.toContain(newPassword);
    expect(response.body.passwordHash).toBeUndefined();
    const [after] = await t.rows('users', '"id" = ?', [agent.id]);
    expect(after.passwordHash).not.toBe(before.passwordHash);
    expect(String(after.passwordHash)).not.toContain(newPassword);
    expect(after.tokenVersion).toBe((before.tokenVersion as number) + 1);
    await t.http.get('/api/leads').set(bearer(oldToken)).expect(401);
    await loginFailure(agent.email, oldPassword);
    agent.token = await login(t, agent.email, newPassword);
    agent.password = newPassword;
    await t.http.get('/api/auth/me').set(bearer(agent.token)).expect(200);
  });

  it('leaves other users’ tokens alone', async () => {
    await t.http.get('/api/leads').set(bearer(w.agentA.token)).expect(200);
    await t.http.get('/api/users').set(bearer(w.adminA.token)).expect(200);
    expect((await t.rows('users', '"id" = ?', [w.agentA.id]))[0].tokenVersion).toBe(0);
  });

  it('lets B’s admin disable B’s agent but not A’s', async () => {
    const [before] = await t.rows('users', '"id" = ?', [w.agentA.id]);
    await t.http.patch(`/api/users/${w.agentA.id}`).set(bearer(w.adminB.token)).send({ active: false }).expect(404);
    expect(await t.rows('users', '"id" = ?', [w.agentA.id])).toEqual([before]);
    await t.http.get('/api/leads').set(bearer(w.agentA.token)).expect(200);

    await t.http.patch(`/api/users/${w.agentB.id}`).set(bearer(w.adminB.token)).send({ active: false }).expect(200);
    await t.http.get('/api/leads').set(bearer(w.agentB.token)).expect(401);
    expect(bool((await t.rows('users', '"id" = ?', [w.agentB.id]))[0].active)).toBe(false);
  });
});
