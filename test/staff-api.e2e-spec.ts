/**
 * The staff REST API (DESIGN.md §5) over real HTTP: the whole AppModule on a real database
 * (SQLite, or PostgreSQL with DATABASE_URL), a fake Vonage on loopback, and assertions on the
 * rows the database holds, not only on HTTP statuses.
 */
import { createHmac } from 'node:crypto';

import { DateTime } from 'luxon';

import { ADMIN, createTestApp, OTHER_TENANT, TENANT, TestApp, WEBHOOK_KEY } from './support/test-app';
import { Body, bool, instant, json, messageText, namedFields, weekdayAhead } from './support/values';

const JWT_SECRET = 'staff-api-spec-jwt-secret-0123456789abcdef0123';
const ZONE = 'America/New_York';
const MISSING_ID = '00000000-0000-4000-8000-000000000000';

function base64url(value: object | string): string {
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
}

/** An HS256 JWT signed with `secret`, as @nestjs/jwt would sign it. */
function signJwt(payload: object, secret: string, header: object = { alg: 'HS256', typ: 'JWT' }): string {
  const unsigned = `${base64url(header)}.${base64url(payload)}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

function decodeJwtPayload(token: string): Body {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as Body;
}

async function startApp(): Promise<TestApp> {
  return createTestApp({ JWT_SECRET });
}

async function adminId(t: TestApp): Promise<string> {
  const [user] = await t.rows<{ id: string }>('users', '"email" = ?', [ADMIN.email]);
  return user.id;
}

describe('Staff API: authentication', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startApp();
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

describe('Staff API: leads', () => {
  let t: TestApp;
  let token: string;
  const auth = () => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    t = await startApp();
    token = await t.staffToken();
  });

  afterAll(async () => {
    await t?.close();
  });

  const createLead = (body: Body, tenant: string | null = TENANT) =>
    t.http
      .post(tenant === null ? '/api/leads' : `/api/leads?tenant_id=${tenant}`)
      .set(auth())
      .send(body);

  it('creates a lead in the named tenant with the phone in E.164', async () => {
    const response = await createLead({
      firstName: 'Ana',
      lastName: 'Rivera',
      phone: '(786) 555-0198',
      email: 'ana@example.com',
      interest: 'auto insurance',
    }).expect(201);
    expect(response.body).toMatchObject({
      firstName: 'Ana',
      lastName: 'Rivera',
      phone: '+17865550198',
      tenantId: TENANT,
      callId: null,
      status: 'new',
    });
    const rows = await t.rows('leads', '"id" = ?', [response.body.id]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      tenantId: TENANT,
      callId: null,
      firstName: 'Ana',
      lastName: 'Rivera',
      phone: '+17865550198',
      email: 'ana@example.com',
      interest: 'auto insurance',
      status: 'new',
    });
  });

  it('refuses a create without tenant_id, naming tenant_id, and writes nothing', async () => {
    const before = (await t.rows('leads')).length;
    const response = await createLead({ firstName: 'Nobody', phone: '+17865550100' }, null).expect(400);
    expect(namedFields(response.body)).toEqual(['tenant_id']);
    expect(messageText(response.body)).toContain('tenant_id');
    expect(await t.rows('leads')).toHaveLength(before);
  });

  it('refuses a malformed tenant_id', async () => {
    const response = await createLead({ firstName: 'Nobody', phone: '+17865550100' }, 'tenant%20a').expect(400);
    expect(namedFields(response.body)).toEqual(['tenant_id']);
    expect(await t.rows('leads', '"firstName" = ?', ['Nobody'])).toHaveLength(0);
  });

  it.each([
    ['tenantId', OTHER_TENANT],
    ['id', '11111111-1111-4111-8111-111111111111'],
    ['callId', 'call-forged'],
    ['createdAt', '2020-01-01T00:00:00.000Z'],
  ])('refuses the unknown field %s with 400 naming it, and writes nothing', async (field, value) => {
    const before = (await t.rows('leads')).length;
    const response = await createLead({ firstName: 'Forged', phone: '+17865550111', [field]: value }).expect(400);
    expect(namedFields(response.body)).toEqual([field]);
    expect(messageText(response.body)).toContain(field);
    expect(await t.rows('leads')).toHaveLength(before);
    expect(await t.rows('leads', '"firstName" = ?', ['Forged'])).toHaveLength(0);
  });

  it('refuses an invalid phone with 400 naming phone, and writes nothing', async () => {
    for (const phone of ['12345', 'call me maybe', '']) {
      const response = await createLead({ firstName: 'Badphone', phone }).expect(400);
      expect(namedFields(response.body)).toEqual(['phone']);
    }
    const untyped = await createLead({ firstName: 'Badphone', phone: 7865550198 }).expect(400);
    expect(namedFields(untyped.body)).toEqual(['phone']);
    expect(await t.rows('leads', '"firstName" = ?', ['Badphone'])).toHaveLength(0);
  });

  it('refuses a missing first name and an unknown status', async () => {
    const noName = await createLead({ phone: '+17865550112' }).expect(400);
    expect(namedFields(noName.body)).toEqual(['firstName']);
    const badStatus = await createLead({ firstName: 'Bea', phone: '+17865550112', status: 'hot' }).expect(400);
    expect(namedFields(badStatus.body)).toEqual(['status']);
    expect(await t.rows('leads', '"phone" = ?', ['+17865550112'])).toHaveLength(0);
  });

  describe('listing', () => {
    const created: string[] = [];

    beforeAll(async () => {
      // A clean slate for exact counts.
      await t.dataSource.query('DELETE FROM leads');
      for (const [index, name] of ['First', 'Second', 'Third', 'Fourth', 'Fifth'].entries()) {
        const response = await createLead({
          firstName: name,
          phone: `+1786555020${index}`,
          ...(index === 1 && { status: 'contacted' }),
        }).expect(201);
        created.push(response.body.id as string);
      }
      await createLead({ firstName: 'Other', phone: '+17865550299' }, OTHER_TENANT).expect(201);
      await t
        .tool(
          'create_lead',
          { first_name: 'Voice', phone: '786 555 0277' },
          { callId: 'call-lead-42', tenantId: TENANT },
        )
        .expect(200);
    });

    it('answers {data,total,limit,offset} with camelCase fields, scoped to the tenant', async () => {
      const response = await t.http.get(`/api/leads?tenant_id=${TENANT}`).set(auth()).expect(200);
      expect(Object.keys(response.body).sort()).toEqual(['data', 'limit', 'offset', 'total']);
      expect(response.body).toMatchObject({ total: 6, limit: 20, offset: 0 });
      expect(response.body.data).toHaveLength(6);
      const rows = await t.rows('leads', '"tenantId" = ?', [TENANT]);
      expect(rows).toHaveLength(6);
      expect((response.body.data as Body[]).map((lead) => lead.id).sort()).toEqual(rows.map((row) => row.id).sort());
      for (const lead of response.body.data as Body[]) {
        expect(lead.tenantId).toBe(TENANT);
        expect(Object.keys(lead)).toEqual(
          expect.arrayContaining([
            'id',
            'tenantId',
            'callId',
            'firstName',
            'lastName',
            'phone',
            'status',
            'createdAt',
            'updatedAt',
          ]),
        );
        expect(Object.keys(lead).filter((key) => key.includes('_'))).toEqual([]);
      }
    });

    it('reads across tenants without tenant_id', async () => {
      const response = await t.http.get('/api/leads').set(auth()).expect(200);
      expect(response.body.total).toBe(7);
      expect(response.body.total).toBe((await t.rows('leads')).length);
      expect(new Set((response.body.data as Body[]).map((lead) => lead.tenantId))).toEqual(
        new Set([TENANT, OTHER_TENANT]),
      );
    });

    it('lists newest first', async () => {
      const response = await t.http.get(`/api/leads?tenant_id=${TENANT}`).set(auth()).expect(200);
      const listed = response.body.data as Body[];
      const stamps = listed.map((lead) => new Date(lead.createdAt as string).getTime());
      for (let index = 1; index < stamps.length; index += 1)
        expect(stamps[index - 1]).toBeGreaterThanOrEqual(stamps[index]);
      // The leads made one after another come back in reverse, except where two share a stamp.
      const position = (id: string) => listed.findIndex((lead) => lead.id === id);
      const stampOf = (id: string) => stamps[position(id)];
      for (let older = 0; older < created.length; older += 1) {
        for (let newer = older + 1; newer < created.length; newer += 1) {
          if (stampOf(created[newer]) !== stampOf(created[older]))
            expect(position(created[newer])).toBeLessThan(position(created[older]));
        }
      }
      expect(position(created[0])).toBeGreaterThan(-1);
      const rows = await t.rows('leads', '"tenantId" = ?', [TENANT]);
      const newest = Math.max(...rows.map((row) => instant(row.createdAt)));
      expect(stamps[0]).toBe(newest);
    });

    it('pages with limit and offset', async () => {
      const all = (await t.http.get(`/api/leads?tenant_id=${TENANT}`).set(auth()).expect(200)).body.data as Body[];
      const first = await t.http.get(`/api/leads?tenant_id=${TENANT}&limit=2&offset=0`).set(auth()).expect(200);
      const second = await t.http.get(`/api/leads?tenant_id=${TENANT}&limit=2&offset=2`).set(auth()).expect(200);
      const last = await t.http.get(`/api/leads?tenant_id=${TENANT}&limit=4&offset=4`).set(auth()).expect(200);
      expect(first.body).toMatchObject({ total: 6, limit: 2, offset: 0 });
      expect(second.body).toMatchObject({ total: 6, limit: 2, offset: 2 });
      expect(last.body).toMatchObject({ total: 6, limit: 4, offset: 4 });
      expect(last.body.data).toHaveLength(2);
      const paged = [...first.body.data, ...second.body.data, ...last.body.data].map((lead: Body) => lead.id);
      expect(paged).toEqual(all.map((lead) => lead.id));
      const beyond = await t.http.get(`/api/leads?tenant_id=${TENANT}&offset=50`).set(auth()).expect(200);
      expect(beyond.body).toMatchObject({ data: [], total: 6, offset: 50 });
    });

    it('refuses a limit above 100, below 1, or not a number, and a negative offset', async () => {
      for (const [query, field] of [
        ['limit=101', 'limit'],
        ['limit=0', 'limit'],
        ['limit=ten', 'limit'],
        ['offset=-1', 'offset'],
      ]) {
        const response = await t.http.get(`/api/leads?tenant_id=${TENANT}&${query}`).set(auth()).expect(400);
        expect(namedFields(response.body)).toEqual([field]);
      }
      await t.http.get(`/api/leads?tenant_id=${TENANT}&limit=100`).set(auth()).expect(200);
    });

    it('filters by status and by call_id', async () => {
      const contacted = await t.http.get(`/api/leads?tenant_id=${TENANT}&status=contacted`).set(auth()).expect(200);
      expect(contacted.body.total).toBe(1);
      expect((contacted.body.data as Body[]).map((lead) => lead.id)).toEqual([created[1]]);

      const byCall = await t.http.get(`/api/leads?tenant_id=${TENANT}&call_id=call-lead-42`).set(auth()).expect(200);
      expect(byCall.body.total).toBe(1);
      expect(byCall.body.data[0]).toMatchObject({
        firstName: 'Voice',
        phone: '+17865550277',
        callId: 'call-lead-42',
        tenantId: TENANT,
        source: 'voice_agent',
      });
      const [row] = await t.rows('leads', '"callId" = ?', ['call-lead-42']);
      expect(row.id).toBe(byCall.body.data[0].id);

      const none = await t.http
        .get(`/api/leads?tenant_id=${OTHER_TENANT}&call_id=call-lead-42`)
        .set(auth())
        .expect(200);
      expect(none.body).toMatchObject({ data: [], total: 0 });

      const bad = await t.http.get(`/api/leads?tenant_id=${TENANT}&status=hot`).set(auth()).expect(400);
      expect(namedFields(bad.body)).toEqual(['status']);
      const unknownFilter = await t.http.get(`/api/leads?tenant_id=${TENANT}&colour=red`).set(auth()).expect(400);
      expect(namedFields(unknownFilter.body)).toEqual(['colour']);
    });
  });

  describe('one lead', () => {
    let leadA: Body;
    let leadB: Body;

    beforeAll(async () => {
      leadA = (await createLead({ firstName: 'Carla', lastName: 'Diaz', phone: '305-555-0142' }).expect(201))
        .body as Body;
      leadB = (await createLead({ firstName: 'Bruno', phone: '+1 305 555 0143' }, OTHER_TENANT).expect(201))
        .body as Body;
    });

    it('reads a lead by id, matching its row', async () => {
      const response = await t.http.get(`/api/leads/${leadA.id}?tenant_id=${TENANT}`).set(auth()).expect(200);
      const [row] = await t.rows('leads', '"id" = ?', [leadA.id]);
      expect(response.body).toMatchObject({
        id: row.id,
        firstName: row.firstName,
        lastName: row.lastName,
        phone: '+13055550142',
        tenantId: TENANT,
      });
      expect(new Date(response.body.createdAt as string).getTime()).toBe(instant(row.createdAt));
      // A cross-tenant admin without tenant_id reads it too.
      await t.http.get(`/api/leads/${leadA.id}`).set(auth()).expect(200);
    });

    it('updates the status, which persists', async () => {
      const response = await t.http
        .patch(`/api/leads/${leadA.id}?tenant_id=${TENANT}`)
        .set(auth())
        .send({ status: 'contacted' })
        .expect(200);
      expect(response.body).toMatchObject({
        id: leadA.id,
        status: 'contacted',
        firstName: 'Carla',
        phone: '+13055550142',
      });
      const [row] = await t.rows('leads', '"id" = ?', [leadA.id]);
      expect(row).toMatchObject({ status: 'contacted', firstName: 'Carla', lastName: 'Diaz', tenantId: TENANT });
      const read = await t.http.get(`/api/leads/${leadA.id}?tenant_id=${TENANT}`).set(auth()).expect(200);
      expect(read.body.status).toBe('contacted');
    });

    it('normalizes a patched phone and refuses an invalid one', async () => {
      await t.http
        .patch(`/api/leads/${leadA.id}?tenant_id=${TENANT}`)
        .set(auth())
        .send({ phone: '(305) 555-0199' })
        .expect(200);
      expect((await t.rows('leads', '"id" = ?', [leadA.id]))[0].phone).toBe('+13055550199');
      const bad = await t.http
        .patch(`/api/leads/${leadA.id}?tenant_id=${TENANT}`)
        .set(auth())
        .send({ phone: '555' })
        .expect(400);
      expect(namedFields(bad.body)).toEqual(['phone']);
      expect((await t.rows('leads', '"id" = ?', [leadA.id]))[0].phone).toBe('+13055550199');
    });

    it('refuses a patch that would move the lead or rewrite its identity', async () => {
      for (const [field, value] of [
        ['tenantId', OTHER_TENANT],
        ['callId', 'call-forged'],
        ['id', MISSING_ID],
      ]) {
        const response = await t.http
          .patch(`/api/leads/${leadA.id}?tenant_id=${TENANT}`)
          .set(auth())
          .send({ [field]: value })
          .expect(400);
        expect(namedFields(response.body)).toEqual([field]);
      }
      const bad = await t.http
        .patch(`/api/leads/${leadA.id}?tenant_id=${TENANT}`)
        .set(auth())
        .send({ status: 'hot' })
        .expect(400);
      expect(namedFields(bad.body)).toEqual(['status']);
      const [row] = await t.rows('leads', '"id" = ?', [leadA.id]);
      expect(row).toMatchObject({ id: leadA.id, tenantId: TENANT, callId: null, status: 'contacted' });
    });

    it("hides another tenant's lead: read, patch and delete answer 404 and the row is unchanged", async () => {
      const [before] = await t.rows('leads', '"id" = ?', [leadB.id]);
      const read = await t.http.get(`/api/leads/${leadB.id}?tenant_id=${TENANT}`).set(auth()).expect(404);
      expect(JSON.stringify(read.body)).not.toContain('Bruno');
      await t.http
        .patch(`/api/leads/${leadB.id}?tenant_id=${TENANT}`)
        .set(auth())
        .send({ status: 'lost', firstName: 'Hijacked' })
        .expect(404);
      await t.http.delete(`/api/leads/${leadB.id}?tenant_id=${TENANT}`).set(auth()).expect(404);
      const after = await t.rows('leads', '"id" = ?', [leadB.id]);
      expect(after).toEqual([before]);
      expect(after[0]).toMatchObject({ tenantId: OTHER_TENANT, firstName: 'Bruno', status: 'new' });
      // Its own tenant still reads it.
      await t.http.get(`/api/leads/${leadB.id}?tenant_id=${OTHER_TENANT}`).set(auth()).expect(200);
    });

    it('answers 404 for an unknown id and 400 for an id that is not a uuid', async () => {
      await t.http.get(`/api/leads/${MISSING_ID}?tenant_id=${TENANT}`).set(auth()).expect(404);
      await t.http
        .patch(`/api/leads/${MISSING_ID}?tenant_id=${TENANT}`)
        .set(auth())
        .send({ status: 'lost' })
        .expect(404);
      await t.http.delete(`/api/leads/${MISSING_ID}?tenant_id=${TENANT}`).set(auth()).expect(404);
      for (const id of ['42', 'not-a-uuid', `${leadA.id}x`]) {
        await t.http.get(`/api/leads/${id}?tenant_id=${TENANT}`).set(auth()).expect(400);
        await t.http.patch(`/api/leads/${id}?tenant_id=${TENANT}`).set(auth()).send({ status: 'lost' }).expect(400);
        await t.http.delete(`/api/leads/${id}?tenant_id=${TENANT}`).set(auth()).expect(400);
      }
      expect((await t.rows('leads', '"id" = ?', [leadA.id]))[0].status).toBe('contacted');
    });

    it('deletes a lead: 204, the row is gone, and a second delete is 404', async () => {
      const response = await t.http.delete(`/api/leads/${leadA.id}?tenant_id=${TENANT}`).set(auth()).expect(204);
      expect(response.text).toBe('');
      expect(await t.rows('leads', '"id" = ?', [leadA.id])).toEqual([]);
      await t.http.get(`/api/leads/${leadA.id}?tenant_id=${TENANT}`).set(auth()).expect(404);
      await t.http.delete(`/api/leads/${leadA.id}?tenant_id=${TENANT}`).set(auth()).expect(404);
      expect(await t.rows('leads', '"id" = ?', [leadB.id])).toHaveLength(1);
    });
  });
});

describe('Staff API: messages left through the voice agent', () => {
  let t: TestApp;
  let token: string;
  let admin: string;
  const ids: Record<string, string> = {};
  const auth = () => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    t = await startApp();
    token = await t.staffToken();
    admin = await adminId(t);
    const leave = async (key: string, args: Body, callId: string, tenantId = TENANT) => {
      const response = await t.tool('leave_message', args, { callId, tenantId }).expect(200);
      expect(response.body.status).toBe('saved');
      ids[key] = response.body.message_id as string;
    };
    await leave(
      'urgent',
      {
        caller_name: 'Maria Lopez',
        caller_phone: '(786) 555-0198',
        message: 'My car was towed, please call me back.',
        urgent: 'yes',
        for_person: 'Carlos',
      },
      'call-msg-1',
    );
    await leave(
      'routine',
      { caller_name: 'John Smith', caller_phone: '305 555 0100', message: 'Question about my renewal.' },
      'call-msg-2',
    );
    await leave(
      'otherTenant',
      { caller_name: 'Eve', caller_phone: '305 555 0101', message: 'Urgent, other tenant.', urgent: true },
      'call-msg-3',
      OTHER_TENANT,
    );
  });

  afterAll(async () => {
    await t?.close();
  });

  it('lists the messages of the tenant with camelCase fields', async () => {
    const response = await t.http.get(`/api/messages?tenant_id=${TENANT}`).set(auth()).expect(200);
    expect(response.body).toMatchObject({ total: 2, limit: 20, offset: 0 });
    const urgent = (response.body.data as Body[]).find((message) => message.id === ids.urgent);
    expect(urgent).toMatchObject({
      callerName: 'Maria Lopez',
      callerPhone: '+17865550198',
      forPerson: 'Carlos',
      urgent: true,
      handled: false,
      handledAt: null,
      handledBy: null,
      callId: 'call-msg-1',
      tenantId: TENANT,
    });
    expect((response.body.data as Body[]).map((message) => message.id).sort()).toEqual(
      [ids.urgent, ids.routine].sort(),
    );
  });

  it('filters urgent=true and handled=false', async () => {
    const urgent = await t.http.get(`/api/messages?tenant_id=${TENANT}&urgent=true`).set(auth()).expect(200);
    expect(urgent.body.total).toBe(1);
    expect((urgent.body.data as Body[]).map((message) => message.id)).toEqual([ids.urgent]);

    const notUrgent = await t.http.get(`/api/messages?tenant_id=${TENANT}&urgent=false`).set(auth()).expect(200);
    expect((notUrgent.body.data as Body[]).map((message) => message.id)).toEqual([ids.routine]);

    const unhandled = await t.http.get(`/api/messages?tenant_id=${TENANT}&handled=false`).set(auth()).expect(200);
    expect(unhandled.body.total).toBe(2);

    const allUrgent = await t.http.get('/api/messages?urgent=true').set(auth()).expect(200);
    expect((allUrgent.body.data as Body[]).map((message) => message.id).sort()).toEqual(
      [ids.urgent, ids.otherTenant].sort(),
    );

    const byCall = await t.http.get(`/api/messages?tenant_id=${TENANT}&call_id=call-msg-2`).set(auth()).expect(200);
    expect((byCall.body.data as Body[]).map((message) => message.id)).toEqual([ids.routine]);

    const bad = await t.http.get(`/api/messages?tenant_id=${TENANT}&urgent=maybe`).set(auth()).expect(400);
    expect(namedFields(bad.body)).toEqual(['urgent']);
  });

  it('reads a message by id, and hides it from another tenant', async () => {
    const response = await t.http.get(`/api/messages/${ids.routine}?tenant_id=${TENANT}`).set(auth()).expect(200);
    expect(response.body).toMatchObject({
      id: ids.routine,
      callerName: 'John Smith',
      callerPhone: '+13055550100',
      body: 'Question about my renewal.',
      urgent: false,
    });
    await t.http.get(`/api/messages/${ids.routine}?tenant_id=${OTHER_TENANT}`).set(auth()).expect(404);
    await t.http.get(`/api/messages/not-a-uuid?tenant_id=${TENANT}`).set(auth()).expect(400);
  });

  it('marks a message handled by the staff user, and unhandled again', async () => {
    const before = Date.now();
    const handled = await t.http
      .patch(`/api/messages/${ids.urgent}?tenant_id=${TENANT}`)
      .set(auth())
      .send({ handled: true })
      .expect(200);
    expect(handled.body).toMatchObject({ id: ids.urgent, handled: true, handledBy: admin });
    let [row] = await t.rows('messages', '"id" = ?', [ids.urgent]);
    expect(bool(row.handled)).toBe(true);
    expect(row.handledBy).toBe(admin);
    expect(row.handledAt).not.toBeNull();
    // Stamped by this request (a wide window: it checks the stamp, not the speed).
    expect(instant(row.handledAt)).toBeGreaterThanOrEqual(before - 60_000);
    expect(instant(row.handledAt)).toBeLessThanOrEqual(Date.now() + 60_000);
    expect(new Date(handled.body.handledAt as string).getTime()).toBe(instant(row.handledAt));

    const stillUnhandled = await t.http.get(`/api/messages?tenant_id=${TENANT}&handled=false`).set(auth()).expect(200);
    expect((stillUnhandled.body.data as Body[]).map((message) => message.id)).toEqual([ids.routine]);
    const done = await t.http.get(`/api/messages?tenant_id=${TENANT}&handled=true`).set(auth()).expect(200);
    expect((done.body.data as Body[]).map((message) => message.id)).toEqual([ids.urgent]);

    const unhandled = await t.http
      .patch(`/api/messages/${ids.urgent}?tenant_id=${TENANT}`)
      .set(auth())
      .send({ handled: false })
      .expect(200);
    expect(unhandled.body).toMatchObject({ handled: false, handledAt: null, handledBy: null });
    [row] = await t.rows('messages', '"id" = ?', [ids.urgent]);
    expect(bool(row.handled)).toBe(false);
    expect(row.handledAt).toBeNull();
    expect(row.handledBy).toBeNull();
    // Nothing else of the message changed.
    expect(row).toMatchObject({
      callerName: 'Maria Lopez',
      body: 'My car was towed, please call me back.',
      forPerson: 'Carlos',
      callId: 'call-msg-1',
      tenantId: TENANT,
    });
    expect(bool(row.urgent)).toBe(true);
  });

  it('refuses patches that are not a message update, and hides other tenants', async () => {
    const notBoolean = await t.http
      .patch(`/api/messages/${ids.routine}?tenant_id=${TENANT}`)
      .set(auth())
      .send({ handled: 'yes' })
      .expect(400);
    expect(namedFields(notBoolean.body)).toEqual(['handled']);
    const forged = await t.http
      .patch(`/api/messages/${ids.routine}?tenant_id=${TENANT}`)
      .set(auth())
      .send({ handledBy: 'someone-else' })
      .expect(400);
    expect(namedFields(forged.body)).toEqual(['handledBy']);
    const rewrite = await t.http
      .patch(`/api/messages/${ids.routine}?tenant_id=${TENANT}`)
      .set(auth())
      .send({ body: 'Rewritten' })
      .expect(400);
    expect(namedFields(rewrite.body)).toEqual(['body']);
    await t.http
      .patch(`/api/messages/${ids.otherTenant}?tenant_id=${TENANT}`)
      .set(auth())
      .send({ handled: true })
      .expect(404);
    const [routine] = await t.rows('messages', '"id" = ?', [ids.routine]);
    expect(bool(routine.handled)).toBe(false);
    expect(routine.handledBy).toBeNull();
    expect(routine.body).toBe('Question about my renewal.');
    const [other] = await t.rows('messages', '"id" = ?', [ids.otherTenant]);
    expect(bool(other.handled)).toBe(false);
    expect(other.handledBy).toBeNull();
  });

  it('has no staff create route for messages', async () => {
    await t.http
      .post(`/api/messages?tenant_id=${TENANT}`)
      .set(auth())
      .send({ callerName: 'X', callerPhone: '+13055550100', body: 'x' })
      .expect(404);
    expect(await t.rows('messages')).toHaveLength(3);
  });
});

describe('Staff API: appointments', () => {
  let t: TestApp;
  let token: string;
  const auth = () => ({ Authorization: `Bearer ${token}` });
  const day1 = weekdayAhead(10, ZONE);
  const day2 = weekdayAhead(13, ZONE);
  const day3 = weekdayAhead(20, ZONE);
  const created: Record<string, Body> = {};

  beforeAll(async () => {
    t = await startApp();
    token = await t.staffToken();
  });

  afterAll(async () => {
    await t?.close();
  });

  const schedule = (body: Body, tenant = TENANT) =>
    t.http.post(`/api/appointments?tenant_id=${tenant}`).set(auth()).send(body);

  it('schedules at the UTC instant of the local time in the default time zone', async () => {
    const response = await schedule({
      callerName: 'Ana Rivera',
      phone: '(786) 555-0198',
      purpose: 'Policy review',
      date: day1,
      time: '14:30',
      durationMinutes: 45,
    }).expect(201);
    created.first = response.body as Body;
    const expected = DateTime.fromISO(`${day1}T14:30`, { zone: ZONE }).toUTC();
    expect(expected.isValid).toBe(true);
    expect(new Date(response.body.startsAt as string).toISOString()).toBe(expected.toISO());
    expect(response.body).toMatchObject({
      callerName: 'Ana Rivera',
      phone: '+17865550198',
      date: day1,
      time: '14:30',
      timezone: ZONE,
      durationMinutes: 45,
      status: 'scheduled',
      tenantId: TENANT,
      callId: null,
    });

    const [row] = await t.rows('appointments', '"id" = ?', [response.body.id]);
    expect(instant(row.startsAt)).toBe(expected.toMillis());
    expect(row).toMatchObject({
      tenantId: TENANT,
      callId: null,
      phone: '+17865550198',
      date: day1,
      time: '14:30',
      timezone: ZONE,
      durationMinutes: 45,
      status: 'scheduled',
      purpose: 'Policy review',
    });
    // 14:30 in New York is never 14:30 UTC: the zone was applied.
    expect(new Date(instant(row.startsAt)).getUTCHours()).not.toBe(14);
  });

  it('schedules a day without a time at the start of that local day, 30 minutes by default', async () => {
    const response = await schedule({ callerName: 'Luis', phone: '+13055550111', purpose: 'Claim', date: day2 }).expect(
      201,
    );
    created.second = response.body as Body;
    const [row] = await t.rows('appointments', '"id" = ?', [response.body.id]);
    expect(instant(row.startsAt)).toBe(DateTime.fromISO(day2, { zone: ZONE }).toMillis());
    expect(row).toMatchObject({ time: null, durationMinutes: 30, date: day2 });
    created.third = (
      await schedule({ callerName: 'Rosa', phone: '+13055550112', purpose: 'Quote', date: day3, time: '09:00' }).expect(
        201,
      )
    ).body as Body;
    created.other = (
      await schedule(
        { callerName: 'Other', phone: '+13055550113', purpose: 'Quote', date: day1, time: '10:00' },
        OTHER_TENANT,
      ).expect(201)
    ).body as Body;
  });

  it('refuses a past date naming date, a past time today naming time, and writes nothing', async () => {
    const before = (await t.rows('appointments')).length;
    const yesterday = DateTime.now().setZone(ZONE).minus({ days: 1 }).toISODate()!;
    const past = await schedule({
      callerName: 'Late',
      phone: '+13055550114',
      purpose: 'x',
      date: yesterday,
      time: '10:00',
    }).expect(400);
    expect(namedFields(past.body)).toEqual(['date']);
    const longAgo = await schedule({
      callerName: 'Late',
      phone: '+13055550114',
      purpose: 'x',
      date: '2020-03-02',
    }).expect(400);
    expect(namedFields(longAgo.body)).toEqual(['date']);

    const today = DateTime.now().setZone(ZONE).toISODate()!;
    const earlier = await schedule({
      callerName: 'Late',
      phone: '+13055550114',
      purpose: 'x',
      date: today,
      time: '00:00',
    }).expect(400);
    expect(namedFields(earlier.body)).toEqual(['time']);
    expect(await t.rows('appointments')).toHaveLength(before);
  });

  it('refuses malformed dates, times, phones and durations, naming the field', async () => {
    const base = { callerName: 'Bad', phone: '+13055550115', purpose: 'x', date: day1, time: '11:00' };
    for (const [patch, field] of [
      [{ date: '12/24/2030' }, 'date'],
      [{ date: `${day1.slice(0, 4)}-02-31` }, 'date'],
      [{ time: '2pm' }, 'time'],
      [{ time: '24:00' }, 'time'],
      [{ durationMinutes: 1000 }, 'durationMinutes'],
      [{ durationMinutes: '30' }, 'durationMinutes'],
      [{ phone: 'nope' }, 'phone'],
      [{ status: 'maybe' }, 'status'],
      [{ startsAt: '2030-01-01T00:00:00Z' }, 'startsAt'],
    ] as Array<[Body, string]>) {
      const response = await schedule({ ...base, ...patch }).expect(400);
      expect({ patch, fields: namedFields(response.body) }).toEqual({ patch, fields: [field] });
    }
    expect(await t.rows('appointments', '"callerName" = ?', ['Bad'])).toHaveLength(0);
  });

  it('lists in start order and filters by from and to (local dates, inclusive)', async () => {
    const all = await t.http.get(`/api/appointments?tenant_id=${TENANT}`).set(auth()).expect(200);
    expect(all.body).toMatchObject({ total: 3, limit: 20, offset: 0 });
    expect((all.body.data as Body[]).map((a) => a.id)).toEqual([created.first.id, created.second.id, created.third.id]);

    const fromDay2 = await t.http.get(`/api/appointments?tenant_id=${TENANT}&from=${day2}`).set(auth()).expect(200);
    expect((fromDay2.body.data as Body[]).map((a) => a.id)).toEqual([created.second.id, created.third.id]);

    const toDay2 = await t.http.get(`/api/appointments?tenant_id=${TENANT}&to=${day2}`).set(auth()).expect(200);
    expect((toDay2.body.data as Body[]).map((a) => a.id)).toEqual([created.first.id, created.second.id]);

    const onlyDay1 = await t.http
      .get(`/api/appointments?tenant_id=${TENANT}&from=${day1}&to=${day1}`)
      .set(auth())
      .expect(200);
    expect(onlyDay1.body.total).toBe(1);
    expect(onlyDay1.body.data[0].id).toBe(created.first.id);

    const acrossTenants = await t.http.get(`/api/appointments?from=${day1}&to=${day1}`).set(auth()).expect(200);
    expect((acrossTenants.body.data as Body[]).map((a) => a.id).sort()).toEqual(
      [created.first.id, created.other.id].sort(),
    );

    const bad = await t.http.get(`/api/appointments?tenant_id=${TENANT}&from=tomorrow`).set(auth()).expect(400);
    expect(namedFields(bad.body)).toEqual(['from']);
  });

  it('confirms an appointment, keeping its start', async () => {
    const response = await t.http
      .patch(`/api/appointments/${created.first.id}?tenant_id=${TENANT}`)
      .set(auth())
      .send({ status: 'confirmed' })
      .expect(200);
    expect(response.body).toMatchObject({ id: created.first.id, status: 'confirmed', date: day1, time: '14:30' });
    const [row] = await t.rows('appointments', '"id" = ?', [created.first.id]);
    expect(row.status).toBe('confirmed');
    expect(instant(row.startsAt)).toBe(DateTime.fromISO(`${day1}T14:30`, { zone: ZONE }).toMillis());

    const confirmed = await t.http
      .get(`/api/appointments?tenant_id=${TENANT}&status=confirmed`)
      .set(auth())
      .expect(200);
    expect((confirmed.body.data as Body[]).map((a) => a.id)).toEqual([created.first.id]);
  });

  it('moves an appointment to another time, recomputing the instant', async () => {
    await t.http
      .patch(`/api/appointments/${created.third.id}?tenant_id=${TENANT}`)
      .set(auth())
      .send({ time: '16:15' })
      .expect(200);
    const [row] = await t.rows('appointments', '"id" = ?', [created.third.id]);
    expect(row).toMatchObject({ date: day3, time: '16:15' });
    expect(instant(row.startsAt)).toBe(DateTime.fromISO(`${day3}T16:15`, { zone: ZONE }).toMillis());

    const yesterday = DateTime.now().setZone(ZONE).minus({ days: 1 }).toISODate()!;
    const past = await t.http
      .patch(`/api/appointments/${created.third.id}?tenant_id=${TENANT}`)
      .set(auth())
      .send({ date: yesterday })
      .expect(400);
    expect(namedFields(past.body)).toEqual(['date']);
    expect((await t.rows('appointments', '"id" = ?', [created.third.id]))[0].date).toBe(day3);
  });

  it("reads by id, and hides another tenant's appointment from read and patch", async () => {
    const read = await t.http.get(`/api/appointments/${created.second.id}?tenant_id=${TENANT}`).set(auth()).expect(200);
    expect(read.body).toMatchObject({ id: created.second.id, callerName: 'Luis', date: day2 });
    await t.http.get(`/api/appointments/${created.other.id}?tenant_id=${TENANT}`).set(auth()).expect(404);
    await t.http
      .patch(`/api/appointments/${created.other.id}?tenant_id=${TENANT}`)
      .set(auth())
      .send({ status: 'cancelled' })
      .expect(404);
    expect((await t.rows('appointments', '"id" = ?', [created.other.id]))[0].status).toBe('scheduled');
    await t.http.get(`/api/appointments/xyz?tenant_id=${TENANT}`).set(auth()).expect(400);
  });
});

describe('Staff API: policies', () => {
  let t: TestApp;
  let token: string;
  const auth = () => ({ Authorization: `Bearer ${token}` });
  const holder = { firstName: 'Ana', lastName: 'Rivera', phone: '(786) 555-0198', dateOfBirth: '1985-04-12' };
  let policyA: Body;
  let policyB: Body;

  beforeAll(async () => {
    t = await startApp();
    token = await t.staffToken();
  });

  afterAll(async () => {
    await t?.close();
  });

  const create = (body: Body, tenant = TENANT) =>
    t.http.post(`/api/policies?tenant_id=${tenant}`).set(auth()).send(body);

  it('creates a policy and never shows its internal lookup key', async () => {
    const response = await create({
      policyNumber: 'POL-778899',
      status: 'active',
      ...holder,
      renewalDate: '2031-01-15',
    }).expect(201);
    policyA = response.body as Body;
    expect(response.body).toMatchObject({
      policyNumber: 'POL-778899',
      status: 'active',
      firstName: 'Ana',
      lastName: 'Rivera',
      phone: '+17865550198',
      dateOfBirth: '1985-04-12',
      tenantId: TENANT,
    });
    expect(response.body).not.toHaveProperty('policyKey');
    const [row] = await t.rows('policies', '"id" = ?', [policyA.id]);
    expect(row).toMatchObject({
      tenantId: TENANT,
      policyNumber: 'POL-778899',
      policyKey: 'POL778899',
      status: 'active',
      phone: '+17865550198',
      dateOfBirth: '1985-04-12',
      renewalDate: '2031-01-15',
    });

    const read = await t.http.get(`/api/policies/${policyA.id}?tenant_id=${TENANT}`).set(auth()).expect(200);
    expect(read.body).not.toHaveProperty('policyKey');
    const list = await t.http.get(`/api/policies?tenant_id=${TENANT}`).set(auth()).expect(200);
    expect(list.body.data[0]).not.toHaveProperty('policyKey');
  });

  it('refuses a duplicate number in the same tenant, however it is spelled', async () => {
    for (const policyNumber of ['POL-778899', 'pol 778-899', ' pol778899 ']) {
      const response = await create({ policyNumber, status: 'pending', firstName: 'Dup' }).expect(409);
      expect(namedFields(response.body)).toEqual(['policyNumber']);
    }
    expect(await t.rows('policies', '"tenantId" = ?', [TENANT])).toHaveLength(1);
  });

  it('accepts the same number in another tenant', async () => {
    const response = await create(
      { policyNumber: 'pol 778-899', status: 'lapsed', firstName: 'Bea', lastName: 'Stone' },
      OTHER_TENANT,
    ).expect(201);
    policyB = response.body as Body;
    expect(response.body).toMatchObject({ policyNumber: 'pol 778-899', tenantId: OTHER_TENANT, status: 'lapsed' });
    expect(response.body).not.toHaveProperty('policyKey');
    const rows = await t.rows('policies', '"policyKey" = ?', ['POL778899']);
    expect(rows.map((row) => row.tenantId).sort()).toEqual([TENANT, OTHER_TENANT].sort());
  });

  it('refuses an invalid status, date of birth, phone or unknown field, naming it', async () => {
    for (const [body, field] of [
      [{ policyNumber: 'X-1', status: 'alive' }, 'status'],
      [{ policyNumber: 'X-1' }, 'status'],
      [{ policyNumber: 'X-1', status: 'active', dateOfBirth: '04/12/1985' }, 'dateOfBirth'],
      [{ policyNumber: 'X-1', status: 'active', dateOfBirth: '1985-02-30' }, 'dateOfBirth'],
      [{ policyNumber: 'X-1', status: 'active', phone: '123' }, 'phone'],
      [{ policyNumber: '---', status: 'active' }, 'policyNumber'],
      [{ policyNumber: 'X-1', status: 'active', policyKey: 'X1' }, 'policyKey'],
    ] as Array<[Body, string]>) {
      const response = await create(body).expect(400);
      expect({ body, fields: namedFields(response.body) }).toEqual({ body, fields: [field] });
    }
    expect(await t.rows('policies', '"policyKey" = ?', ['X1'])).toHaveLength(0);
    const noTenant = await t.http
      .post('/api/policies')
      .set(auth())
      .send({ policyNumber: 'X-1', status: 'active' })
      .expect(400);
    expect(namedFields(noTenant.body)).toEqual(['tenant_id']);
    expect(await t.rows('policies')).toHaveLength(2);
  });

  it('filters by policy_number in any spelling, within the tenant', async () => {
    await create({ policyNumber: 'AX-1001', status: 'pending', lastName: 'Kim' }).expect(201);
    for (const spelling of ['POL-778899', 'pol 778 899', 'pol778899']) {
      const response = await t.http
        .get(`/api/policies?tenant_id=${TENANT}&policy_number=${encodeURIComponent(spelling)}`)
        .set(auth())
        .expect(200);
      expect({ spelling, ids: (response.body.data as Body[]).map((p) => p.id) }).toEqual({
        spelling,
        ids: [policyA.id],
      });
      expect(response.body.total).toBe(1);
    }
    const everywhere = await t.http
      .get(`/api/policies?policy_number=${encodeURIComponent('pol-778899')}`)
      .set(auth())
      .expect(200);
    expect((everywhere.body.data as Body[]).map((p) => p.id).sort()).toEqual([policyA.id, policyB.id].sort());
    const byStatus = await t.http.get(`/api/policies?tenant_id=${TENANT}&status=pending`).set(auth()).expect(200);
    expect((byStatus.body.data as Body[]).map((p) => p.policyNumber)).toEqual(['AX-1001']);
    const none = await t.http.get(`/api/policies?tenant_id=${TENANT}&policy_number=ZZ-0`).set(auth()).expect(200);
    expect(none.body).toMatchObject({ data: [], total: 0 });
  });

  it('answers the voice agent for its own tenant only', async () => {
    const before = (await t.rows('policies')).length;
    const inA = await t
      .tool('check_policy_status', { policy_number: 'pol 778 899' }, { tenantId: TENANT, callId: 'call-pol-1' })
      .expect(200);
    expect(inA.body.status).toBe('found');
    expect(inA.body.message).toMatch(/active/);
    const inB = await t
      .tool('check_policy_status', { policy_number: 'POL-778899' }, { tenantId: OTHER_TENANT, callId: 'call-pol-2' })
      .expect(200);
    expect(inB.body.status).toBe('found');
    expect(inB.body.message).toMatch(/lapsed/);

    const onlyInA = await t
      .tool('check_policy_status', { policy_number: 'ax 1001' }, { tenantId: TENANT, callId: 'call-pol-3' })
      .expect(200);
    expect(onlyInA.body.status).toBe('found');
    const notInB = await t
      .tool('check_policy_status', { policy_number: 'ax 1001' }, { tenantId: OTHER_TENANT, callId: 'call-pol-4' })
      .expect(200);
    expect(notInB.body.status).toBe('not_found');
    expect(notInB.body.message).not.toMatch(/pending/);
    // A holder fact that does not match is answered like an unknown number.
    const wrongName = await t
      .tool(
        'check_policy_status',
        { policy_number: 'POL-778899', last_name: 'Stone' },
        { tenantId: TENANT, callId: 'call-pol-5' },
      )
      .expect(200);
    expect(wrongName.body.status).toBe('not_found');
    const rightName = await t
      .tool(
        'check_policy_status',
        { policy_number: 'POL-778899', last_name: 'rivera', phone: '786-555-0198' },
        { tenantId: TENANT, callId: 'call-pol-6' },
      )
      .expect(200);
    expect(rightName.body.status).toBe('found');
    // Looking up never creates anything.
    expect(await t.rows('policies')).toHaveLength(before);
  });

  it('updates a policy: status, holder and number, keeping the lookup key in step', async () => {
    const response = await t.http
      .patch(`/api/policies/${policyA.id}?tenant_id=${TENANT}`)
      .set(auth())
      .send({ status: 'suspended', phone: '305 555 0150' })
      .expect(200);
    expect(response.body).toMatchObject({
      id: policyA.id,
      status: 'suspended',
      phone: '+13055550150',
      policyNumber: 'POL-778899',
    });
    expect(response.body).not.toHaveProperty('policyKey');
    let [row] = await t.rows('policies', '"id" = ?', [policyA.id]);
    expect(row).toMatchObject({
      status: 'suspended',
      phone: '+13055550150',
      policyKey: 'POL778899',
      lastName: 'Rivera',
    });

    const bad = await t.http
      .patch(`/api/policies/${policyA.id}?tenant_id=${TENANT}`)
      .set(auth())
      .send({ status: 'alive' })
      .expect(400);
    expect(namedFields(bad.body)).toEqual(['status']);

    // Renumbering onto another policy of the tenant is a conflict, and changes nothing.
    const clash = await t.http
      .patch(`/api/policies/${policyA.id}?tenant_id=${TENANT}`)
      .set(auth())
      .send({ policyNumber: 'ax1001' })
      .expect(409);
    expect(namedFields(clash.body)).toEqual(['policyNumber']);
    [row] = await t.rows('policies', '"id" = ?', [policyA.id]);
    expect(row).toMatchObject({ policyNumber: 'POL-778899', policyKey: 'POL778899' });

    await t.http
      .patch(`/api/policies/${policyA.id}?tenant_id=${TENANT}`)
      .set(auth())
      .send({ policyNumber: 'POL-2000-1' })
      .expect(200);
    [row] = await t.rows('policies', '"id" = ?', [policyA.id]);
    expect(row).toMatchObject({ policyNumber: 'POL-2000-1', policyKey: 'POL20001', status: 'suspended' });
    const found = await t
      .tool('check_policy_status', { policy_number: 'pol 2000 1' }, { tenantId: TENANT, callId: 'call-pol-7' })
      .expect(200);
    expect(found.body.status).toBe('found');
    expect(found.body.message).toMatch(/suspended/);

    await t.http
      .patch(`/api/policies/${policyB.id}?tenant_id=${TENANT}`)
      .set(auth())
      .send({ status: 'active' })
      .expect(404);
    expect((await t.rows('policies', '"id" = ?', [policyB.id]))[0].status).toBe('lapsed');
  });

  it("deletes a policy: 204, the row is gone, another tenant's stays, and the agent no longer finds it", async () => {
    await t.http.delete(`/api/policies/${policyB.id}?tenant_id=${TENANT}`).set(auth()).expect(404);
    expect(await t.rows('policies', '"id" = ?', [policyB.id])).toHaveLength(1);

    await t.http.delete(`/api/policies/${policyA.id}?tenant_id=${TENANT}`).set(auth()).expect(204);
    expect(await t.rows('policies', '"id" = ?', [policyA.id])).toEqual([]);
    await t.http.get(`/api/policies/${policyA.id}?tenant_id=${TENANT}`).set(auth()).expect(404);
    const gone = await t
      .tool('check_policy_status', { policy_number: 'POL-2000-1' }, { tenantId: TENANT, callId: 'call-pol-8' })
      .expect(200);
    expect(gone.body.status).toBe('not_found');
    expect(await t.rows('policies', '"id" = ?', [policyB.id])).toHaveLength(1);
    await t.http.delete(`/api/policies/not-a-uuid?tenant_id=${TENANT}`).set(auth()).expect(400);
  });
});

describe('Staff API: SMS', () => {
  let t: TestApp;
  let token: string;
  let admin: string;
  let sent: Body;
  let failed: Body;
  let timedOut: Body;
  let refused: Body;
  const auth = () => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    t = await startApp();
    token = await t.staffToken();
    admin = await adminId(t);
  });

  afterAll(async () => {
    await t?.close();
  });

  const send = (body: Body, tenant: string | null = TENANT) =>
    t.http
      .post(tenant === null ? '/api/sms' : `/api/sms?tenant_id=${tenant}`)
      .set(auth())
      .send(body);

  it('sends a text through the provider and records who asked', async () => {
    const text = 'Your policy documents are ready. Reply STOP to opt out.';
    const response = await send({ toPhone: '(786) 555-0198', body: text, purpose: 'documents' }).expect(201);
    sent = response.body as Body;
    expect(response.body).toMatchObject({
      status: 'sent',
      toPhone: '+17865550198',
      body: text,
      requestedBy: admin,
      tenantId: TENANT,
      callId: null,
      provider: 'vonage',
      error: null,
    });
    expect(t.vonage.received).toHaveLength(1);
    expect(t.vonage.received[0]).toMatchObject({ to: '17865550198', text, from: 'VoiceCRM', clientRef: sent.id });

    const [row] = await t.rows('sms_messages', '"id" = ?', [sent.id]);
    expect(row).toMatchObject({
      status: 'sent',
      toPhone: '+17865550198',
      body: text,
      requestedBy: admin,
      tenantId: TENANT,
      purpose: 'documents',
      error: null,
    });
    expect(typeof row.providerMessageId).toBe('string');
    expect(String(row.providerMessageId)).toMatch(/^[0-9a-f-]{36}$/);
    expect(row.providerMessageId).toBe(response.body.providerMessageId);
    expect(row.sentAt).not.toBeNull();
  });

  it('records a provider failure as a queued row with its reason, and still answers 201', async () => {
    t.vonage.mode = 'server-error';
    const received = t.vonage.received.length;
    try {
      const response = await send({ toPhone: '+13055550100', body: 'This one will not leave yet.' }).expect(201);
      failed = response.body as Body;
      expect(response.body).toMatchObject({
        status: 'queued',
        attempts: 1,
        providerMessageId: null,
        requestedBy: admin,
      });
      expect(String(response.body.error)).toMatch(/\S/);
    } finally {
      t.vonage.mode = 'accept';
    }
    expect(t.vonage.received).toHaveLength(received);
    const [row] = await t.rows('sms_messages', '"id" = ?', [failed.id]);
    expect(row).toMatchObject({
      status: 'queued',
      providerMessageId: null,
      requestedBy: admin,
      toPhone: '+13055550100',
      tenantId: TENANT,
      sentAt: null,
    });
    expect(String(row.error)).toMatch(/503|Vonage/);
    expect(row.error).toBe(failed.error);
  });

  it('records a refusal as a failed row, and still answers 201', async () => {
    t.vonage.mode = 'reject-number';
    try {
      refused = (await send({ toPhone: '+13055550108', body: 'Refused.' }).expect(201)).body as Body;
    } finally {
      t.vonage.mode = 'accept';
    }
    expect(refused).toMatchObject({ status: 'failed', providerMessageId: null, sentAt: null });
    const [row] = await t.rows('sms_messages', '"id" = ?', [refused.id]);
    expect(row).toMatchObject({ status: 'failed', nextAttemptAt: null });
    expect(String(row.error)).toMatch(/status 3/);
  });

  it('records a provider that never answers as queued for a retry, and still answers 201', async () => {
    t.vonage.mode = 'hang';
    const response = await (async () => {
      try {
        return await send({ toPhone: '+13055550109', body: 'Nobody is listening.' }).expect(201);
      } finally {
        t.vonage.mode = 'accept';
      }
    })();
    timedOut = response.body as Body;
    expect(timedOut).toMatchObject({ status: 'queued', providerMessageId: null, sentAt: null });
    const [row] = await t.rows('sms_messages', '"id" = ?', [response.body.id]);
    expect(row).toMatchObject({ status: 'queued', providerMessageId: null, toPhone: '+13055550109' });
    expect(String(row.error)).toMatch(/\S/);
  });

  it('refuses an invalid number, a missing tenant or an empty body without contacting the provider', async () => {
    const requests = t.vonage.requests;
    const before = (await t.rows('sms_messages')).length;
    const badPhone = await send({ toPhone: '12', body: 'hi' }).expect(400);
    expect(namedFields(badPhone.body)).toEqual(['toPhone']);
    const noTenant = await send({ toPhone: '+13055550100', body: 'hi' }, null).expect(400);
    expect(namedFields(noTenant.body)).toEqual(['tenant_id']);
    const empty = await send({ toPhone: '+13055550100', body: '' }).expect(400);
    expect(namedFields(empty.body)).toEqual(['body']);
    const forged = await send({ toPhone: '+13055550100', body: 'hi', requestedBy: 'someone-else' }).expect(400);
    expect(namedFields(forged.body)).toEqual(['requestedBy']);
    expect(t.vonage.requests).toBe(requests);
    expect(await t.rows('sms_messages')).toHaveLength(before);
  });

  it('lists texts with filters and reads one by id, scoped to the tenant', async () => {
    await send({ toPhone: '+13055550101', body: 'Other tenant text.' }, OTHER_TENANT).expect(201);
    await t
      .tool(
        'send_sms',
        { to_phone: '305 555 0102', message: 'Sent by the agent.' },
        { tenantId: TENANT, callId: 'call-sms-1' },
      )
      .expect(200);

    const list = await t.http.get(`/api/sms?tenant_id=${TENANT}`).set(auth()).expect(200);
    expect(list.body).toMatchObject({ total: 5, limit: 20, offset: 0 });
    const rows = await t.rows('sms_messages', '"tenantId" = ?', [TENANT]);
    expect((list.body.data as Body[]).map((sms) => sms.id).sort()).toEqual(rows.map((row) => row.id).sort());

    const queuedOnly = await t.http.get(`/api/sms?tenant_id=${TENANT}&status=queued`).set(auth()).expect(200);
    expect((queuedOnly.body.data as Body[]).map((sms) => sms.id).sort()).toEqual([failed.id, timedOut.id].sort());
    const failedOnly = await t.http.get(`/api/sms?tenant_id=${TENANT}&status=failed`).set(auth()).expect(200);
    expect((failedOnly.body.data as Body[]).map((sms) => sms.id)).toEqual([refused.id]);

    const fromCall = await t.http.get(`/api/sms?tenant_id=${TENANT}&call_id=call-sms-1`).set(auth()).expect(200);
    expect(fromCall.body.total).toBe(1);
    expect(fromCall.body.data[0]).toMatchObject({
      requestedBy: 'voice_agent',
      callId: 'call-sms-1',
      toPhone: '+13055550102',
      status: 'sent',
    });

    const everywhere = await t.http.get('/api/sms').set(auth()).expect(200);
    expect(everywhere.body.total).toBe(6);
    expect(everywhere.body.total).toBe((await t.rows('sms_messages')).length);

    const one = await t.http.get(`/api/sms/${sent.id}?tenant_id=${TENANT}`).set(auth()).expect(200);
    expect(one.body).toMatchObject({
      id: sent.id,
      status: 'sent',
      toPhone: '+17865550198',
      requestedBy: admin,
      providerMessageId: sent.providerMessageId,
    });
    await t.http.get(`/api/sms/${sent.id}?tenant_id=${OTHER_TENANT}`).set(auth()).expect(404);
    await t.http.get(`/api/sms/${MISSING_ID}?tenant_id=${TENANT}`).set(auth()).expect(404);
    await t.http.get(`/api/sms/123?tenant_id=${TENANT}`).set(auth()).expect(400);

    const badStatus = await t.http.get(`/api/sms?tenant_id=${TENANT}&status=arrived`).set(auth()).expect(400);
    expect(namedFields(badStatus.body)).toEqual(['status']);
  });
});

describe('Staff API: tool-call log', () => {
  let t: TestApp;
  let token: string;
  const auth = () => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    t = await startApp();
    token = await t.staffToken();
    await t
      .tool(
        'create_lead',
        { first_name: 'Ana', phone: '(786) 555-0198', favourite_colour: 'teal' },
        { callId: 'call-log-1', tenantId: TENANT },
      )
      .expect(200);
    await t
      .tool(
        'leave_message',
        { caller_name: 'Ana', caller_phone: '(786) 555-0198', message: 'Call me.' },
        { callId: 'call-log-1', tenantId: TENANT },
      )
      .expect(200);
    const noted = await t
      .tool('transfer_to_human', { reason: 'wants a person' }, { callId: 'call-log-2', tenantId: TENANT })
      .expect(200);
    expect(noted.body.status).toBe('noted');
    await t
      .tool('create_lead', { phone: '(786) 555-0198' }, { callId: 'call-log-3', tenantId: OTHER_TENANT })
      .expect(200);
    // The other header the platform may use.
    await t.http
      .post('/api/webhooks/ai-tools')
      .set('X-API-Key', WEBHOOK_KEY)
      .send({
        function: 'check_policy_status',
        args: { policy_number: 'NOPE-1' },
        call_id: 'call-log-4',
        tenant_id: OTHER_TENANT,
      })
      .expect(200);
    // A malformed envelope with a good key is logged; a wrong key is not.
    await t.http
      .post('/api/webhooks/ai-tools')
      .set('Authorization', `Bearer ${WEBHOOK_KEY}`)
      .send({ function: 'create_lead', args: 'nope', call_id: 'call-log-5', tenant_id: TENANT })
      .expect(400);
    await t
      .tool(
        'create_lead',
        { first_name: 'Mallory', phone: '+13055550100' },
        { callId: 'call-log-6', tenantId: TENANT, key: 'wrong-key' },
      )
      .expect(401);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('logs every keyed call, never a refused one', async () => {
    const rows = await t.rows('tool_calls');
    expect(rows).toHaveLength(6);
    expect(await t.rows('tool_calls', '"callId" = ?', ['call-log-6'])).toHaveLength(0);
  });

  it('filters by call_id', async () => {
    const response = await t.http.get(`/api/tool-calls?tenant_id=${TENANT}&call_id=call-log-1`).set(auth()).expect(200);
    expect(response.body).toMatchObject({ total: 2, limit: 20, offset: 0 });
    expect((response.body.data as Body[]).map((call) => call.function).sort()).toEqual([
      'create_lead',
      'leave_message',
    ]);
    const rows = await t.rows('tool_calls', '"callId" = ?', ['call-log-1']);
    expect((response.body.data as Body[]).map((call) => call.id).sort()).toEqual(rows.map((row) => row.id).sort());
    const createLead = (response.body.data as Body[]).find((call) => call.function === 'create_lead')!;
    expect(createLead).toMatchObject({
      status: 'created',
      httpStatus: 200,
      callId: 'call-log-1',
      tenantId: TENANT,
      error: null,
    });
    // Unknown args are kept in the log.
    expect(createLead.args).toEqual({ first_name: 'Ana', phone: '(786) 555-0198', favourite_colour: 'teal' });
  });

  it('filters by function and status: an unknown tool is noted for follow-up', async () => {
    const byFunction = await t.http.get('/api/tool-calls?function=transfer_to_human').set(auth()).expect(200);
    expect(byFunction.body.total).toBe(1);
    expect(byFunction.body.data[0]).toMatchObject({
      function: 'transfer_to_human',
      status: 'noted',
      callId: 'call-log-2',
      tenantId: TENANT,
      args: { reason: 'wants a person' },
    });
    const [row] = await t.rows('tool_calls', '"function_name" = ?', ['transfer_to_human']);
    expect(row).toMatchObject({ id: byFunction.body.data[0].id, status: 'noted', httpStatus: 200 });
    expect(String(row.message)).toBe(byFunction.body.data[0].message);

    const noted = await t.http.get('/api/tool-calls?status=noted').set(auth()).expect(200);
    expect((noted.body.data as Body[]).map((call) => call.id)).toEqual([row.id]);

    const errors = await t.http.get('/api/tool-calls?status=error').set(auth()).expect(200);
    expect((errors.body.data as Body[]).map((call) => call.callId).sort()).toEqual(['call-log-3', 'call-log-5']);
    const malformed = (errors.body.data as Body[]).find((call) => call.callId === 'call-log-5')!;
    expect(malformed).toMatchObject({ httpStatus: 400, function: 'create_lead' });

    const combined = await t.http
      .get(`/api/tool-calls?tenant_id=${OTHER_TENANT}&function=create_lead&status=error`)
      .set(auth())
      .expect(200);
    expect((combined.body.data as Body[]).map((call) => call.callId)).toEqual(['call-log-3']);
  });

  it('scopes by tenant_id, and shows every tenant to a cross-tenant admin without one', async () => {
    const inB = await t.http.get(`/api/tool-calls?tenant_id=${OTHER_TENANT}`).set(auth()).expect(200);
    expect(inB.body.total).toBe(2);
    expect(new Set((inB.body.data as Body[]).map((call) => call.tenantId))).toEqual(new Set([OTHER_TENANT]));
    expect((inB.body.data as Body[]).map((call) => call.callId).sort()).toEqual(['call-log-3', 'call-log-4']);

    const inA = await t.http.get(`/api/tool-calls?tenant_id=${TENANT}`).set(auth()).expect(200);
    expect(inA.body.total).toBe(4);

    const all = await t.http.get('/api/tool-calls').set(auth()).expect(200);
    expect(all.body.total).toBe(6);
    expect(new Set((all.body.data as Body[]).map((call) => call.tenantId))).toEqual(new Set([TENANT, OTHER_TENANT]));

    const paged = await t.http.get('/api/tool-calls?limit=4&offset=4').set(auth()).expect(200);
    expect(paged.body).toMatchObject({ total: 6, limit: 4, offset: 4 });
    expect(paged.body.data).toHaveLength(2);

    const nobody = await t.http.get('/api/tool-calls?tenant_id=tenant-z').set(auth()).expect(200);
    expect(nobody.body).toMatchObject({ data: [], total: 0 });
  });

  it('reads one call by id, within its tenant', async () => {
    const [row] = await t.rows('tool_calls', '"callId" = ?', ['call-log-4']);
    const response = await t.http.get(`/api/tool-calls/${row.id}`).set(auth()).expect(200);
    expect(response.body).toMatchObject({
      id: row.id,
      function: 'check_policy_status',
      status: 'not_found',
      tenantId: OTHER_TENANT,
      callId: 'call-log-4',
      httpStatus: 200,
    });
    expect(response.body.args).toEqual(json(row.args));
    await t.http.get(`/api/tool-calls/${row.id}?tenant_id=${OTHER_TENANT}`).set(auth()).expect(200);
    await t.http.get(`/api/tool-calls/${row.id}?tenant_id=${TENANT}`).set(auth()).expect(404);
    await t.http.get(`/api/tool-calls/${MISSING_ID}`).set(auth()).expect(404);
    await t.http.get('/api/tool-calls/nope').set(auth()).expect(400);
  });

  it('never stores or shows the webhook key', async () => {
    const rows = await t.rows('tool_calls');
    expect(rows.length).toBeGreaterThan(0);
    expect(JSON.stringify(rows)).not.toContain(WEBHOOK_KEY);
    expect(JSON.stringify(rows)).not.toContain('wrong-key');
    const listed = await t.http.get('/api/tool-calls?limit=100').set(auth()).expect(200);
    expect(listed.body.total).toBe(rows.length);
    expect(JSON.stringify(listed.body)).not.toContain(WEBHOOK_KEY);
  });

  it('is read-only for staff', async () => {
    const [row] = await t.rows('tool_calls', '"callId" = ?', ['call-log-2']);
    await t.http.post(`/api/tool-calls?tenant_id=${TENANT}`).set(auth()).send({ function: 'x' }).expect(404);
    await t.http.patch(`/api/tool-calls/${row.id}`).set(auth()).send({ status: 'sent' }).expect(404);
    await t.http.delete(`/api/tool-calls/${row.id}`).set(auth()).expect(404);
    expect(await t.rows('tool_calls', '"id" = ?', [row.id])).toEqual([row]);
  });
});

describe('Staff API: null in a PATCH', () => {
  let t: TestApp;
  const auth = async () => ({ Authorization: `Bearer ${await t.staffToken()}` });

  beforeAll(async () => {
    t = await startApp();
  });

  afterAll(async () => {
    await t?.close();
  });

  it.each([
    [
      'leads',
      { firstName: 'Nina', lastName: 'Ruiz', phone: '+13055550160', email: 'nina@example.com' },
      ['firstName', 'phone', 'status'],
    ],
    [
      'policies',
      { policyNumber: 'NUL-100', status: 'active', lastName: 'Ruiz', phone: '+13055550161' },
      ['policyNumber', 'status'],
    ],
    [
      'appointments',
      { callerName: 'Nina', phone: '+13055550162', purpose: 'review', date: weekdayAhead(9, ZONE), time: '10:00' },
      ['callerName', 'purpose', 'status', 'durationMinutes', 'date'],
    ],
  ])(
    'refuses null for a required %s field with 400 naming it, and leaves the row alone',
    async (resource, body, requiredFields) => {
      const created = await t.http
        .post(`/api/${resource}?tenant_id=${TENANT}`)
        .set(await auth())
        .send(body)
        .expect(201);
      const [before] = await t.rows(resource, '"id" = ?', [created.body.id]);
      for (const field of requiredFields) {
        const response = await t.http
          .patch(`/api/${resource}/${created.body.id}?tenant_id=${TENANT}`)
          .set(await auth())
          .send({ [field]: null });
        expect([field, response.status]).toEqual([field, 400]);
        expect(namedFields(response.body)).toEqual([field]);
      }
      expect(await t.rows(resource, '"id" = ?', [created.body.id])).toEqual([before]);
    },
  );

  it('clears optional fields with null', async () => {
    const lead = await t.http
      .post(`/api/leads?tenant_id=${TENANT}`)
      .set(await auth())
      .send({ firstName: 'Omar', lastName: 'Diaz', phone: '+13055550163', email: 'omar@example.com' })
      .expect(201);
    await t.http
      .patch(`/api/leads/${lead.body.id}?tenant_id=${TENANT}`)
      .set(await auth())
      .send({ lastName: null, email: null })
      .expect(200);
    expect((await t.rows('leads', '"id" = ?', [lead.body.id]))[0]).toMatchObject({
      firstName: 'Omar',
      lastName: null,
      email: null,
    });

    const policy = await t.http
      .post(`/api/policies?tenant_id=${TENANT}`)
      .set(await auth())
      .send({ policyNumber: 'NUL-200', status: 'active', phone: '+13055550164' })
      .expect(201);
    await t.http
      .patch(`/api/policies/${policy.body.id}?tenant_id=${TENANT}`)
      .set(await auth())
      .send({ phone: null })
      .expect(200);
    expect((await t.rows('policies', '"id" = ?', [policy.body.id]))[0]).toMatchObject({
      phone: null,
      status: 'active',
    });

    const date = weekdayAhead(9, ZONE);
    const appointment = await t.http
      .post(`/api/appointments?tenant_id=${TENANT}`)
      .set(await auth())
      .send({ callerName: 'Omar', phone: '+13055550165', purpose: 'review', date, time: '15:00' })
      .expect(201);
    await t.http
      .patch(`/api/appointments/${appointment.body.id}?tenant_id=${TENANT}`)
      .set(await auth())
      .send({ time: null })
      .expect(200);
    const [row] = await t.rows('appointments', '"id" = ?', [appointment.body.id]);
    expect(row.time).toBeNull();
    expect(instant(row.startsAt)).toBe(DateTime.fromISO(date, { zone: ZONE }).toMillis());
  });

  it('refuses null for handled and urgent on a message', async () => {
    await t
      .tool(
        'leave_message',
        { caller_name: 'Ivy', caller_phone: '+13055550166', message: 'Call me.' },
        { callId: 'call-null-msg' },
      )
      .expect(200);
    const [message] = await t.rows<{ id: string }>('messages', '"callId" = ?', ['call-null-msg']);
    for (const field of ['handled', 'urgent']) {
      const response = await t.http
        .patch(`/api/messages/${message.id}?tenant_id=${TENANT}`)
        .set(await auth())
        .send({ [field]: null });
      expect([field, response.status]).toEqual([field, 400]);
    }
  });
});
