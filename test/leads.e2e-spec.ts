/**
 * Leads through the staff API (DESIGN.md §5) over real HTTP and a real database: create, list,
 * read, patch, delete, and search and owners with tenants A and B kept apart.
 */
import { DateTime } from 'luxon';

import { bearer, createStaff, listSearch, MISSING_ID, pause, sortedIds } from './support/staff-fixtures';
import { createTestApp, onPostgres, OTHER_TENANT, TENANT, TestApp } from './support/test-app';
import { buildWorld, TA, TB, World } from './support/two-tenants';
import { Body, instant, json, messageText, namedFields } from './support/values';

describe('Leads: staff API', () => {
  let t: TestApp;
  let token: string;
  const auth = () => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    t = await createTestApp();
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
  describe('literal search', () => {
    let owner: string;

    beforeAll(async () => {
      owner = await t.staffToken();
    });

    it('takes %, _ and backslash in q literally', async () => {
      await t.http
        .post(`/api/leads?tenant_id=${TA}`)
        .set(bearer(owner))
        .send({ firstName: 'John', phone: '+13055550170', email: 'john_doe@example.com' })
        .expect(201);
      await t.http
        .post(`/api/leads?tenant_id=${TA}`)
        .set(bearer(owner))
        .send({ firstName: 'Johnny', phone: '+13055550171', email: 'johnxdoe@example.com' })
        .expect(201);
      const underscore = await t.http.get(`/api/leads?tenant_id=${TA}&q=john_doe`).set(bearer(owner)).expect(200);
      expect(underscore.body.data.map((lead: Body) => lead.email)).toEqual(['john_doe@example.com']);
      for (const wildcard of ['%', '_', '\\']) {
        const res = await t.http
          .get(`/api/leads?tenant_id=${TA}&q=${encodeURIComponent(wildcard)}`)
          .set(bearer(owner))
          .expect(200);
        expect([wildcard, res.body.total]).toEqual([wildcard, wildcard === '_' ? 1 : 0]);
      }
      await t
        .tool(
          'leave_message',
          { caller_name: 'Ivy', caller_phone: '+13055550172', message: 'Hi' },
          { tenantId: TA, callId: 'call-literal' },
        )
        .expect(200);
      const byFunction = await t.http
        .get(`/api/tool-calls?tenant_id=${TA}&q=leave_message`)
        .set(bearer(owner))
        .expect(200);
      expect(byFunction.body.data.map((call: Body) => call.callId)).toEqual(['call-literal']);
    });
  });

  describe('emails, stored normalized and matched through the (tenantId, email) index', () => {
    const sql = (text: string) => {
      let index = 0;
      return onPostgres ? text.replace(/\?/g, () => `$${++index}`) : text;
    };
    const emailOf = async (id: string) => (await t.rows<{ email: string | null }>('leads', '"id" = ?', [id]))[0].email;

    it('stores an email in lower case from staff, on create and on patch, and a caller giving it in another case is that lead', async () => {
      const created = await createLead({ firstName: 'Nora', phone: '305 555 0161', email: 'Nora.Quinn@Example.COM' });
      expect(created.status).toBe(201);
      expect(created.body.email).toBe('nora.quinn@example.com');
      expect(await emailOf(created.body.id as string)).toBe('nora.quinn@example.com');

      const patched = await t.http
        .patch(`/api/leads/${created.body.id}?tenant_id=${TENANT}`)
        .set(auth())
        .send({ email: 'NORA.Q@Example.com' })
        .expect(200);
      expect(patched.body.email).toBe('nora.q@example.com');
      expect(await emailOf(created.body.id as string)).toBe('nora.q@example.com');

      const call = await t
        .tool(
          'create_lead',
          { first_name: 'Nora', phone: '786 555 0162', email: 'nora.q@EXAMPLE.com' },
          { callId: 'nq-1' },
        )
        .expect(200);
      expect(call.body).toMatchObject({ status: 'updated', lead_id: created.body.id });
      expect(await t.rows('leads', 'phone = ?', ['+17865550162'])).toHaveLength(0);
    });

    it('lower-cases the emails of leads written before (migration NormalizedLeadEmails), so their callers are still found', async () => {
      const old = await createLead({ firstName: 'Olga', phone: '305 555 0163', email: 'olga@example.com' }).expect(201);
      const blank = await createLead({ firstName: 'Bea', phone: '305 555 0164', email: 'bea@example.com' }).expect(201);
      // As an earlier version stored them: as sent.
      await t.dataSource.query(sql('UPDATE leads SET email = ? WHERE id = ?'), [' Olga.Old@Example.COM ', old.body.id]);
      await t.dataSource.query(sql('UPDATE leads SET email = ? WHERE id = ?'), ['  ', blank.body.id]);

      const migration = t.dataSource.migrations.find(({ name }) => name === 'NormalizedLeadEmails1764036000000')!;
      const runner = t.dataSource.createQueryRunner();
      try {
        await migration.up(runner);
      } finally {
        await runner.release();
      }

      expect(await emailOf(old.body.id as string)).toBe('olga.old@example.com');
      expect(await emailOf(blank.body.id as string)).toBeNull();
      const call = await t
        .tool(
          'create_lead',
          { first_name: 'Olga', phone: '786 555 0165', email: 'OLGA.old@example.com' },
          { callId: 'oo-1' },
        )
        .expect(200);
      expect(call.body).toMatchObject({ status: 'updated', lead_id: old.body.id });
    });

    it('finds a returning caller by email through the index, where LOWER(email) could not use it', async () => {
      const lookup = (email: unknown) =>
        t.dataSource
          .getRepository('Lead')
          .createQueryBuilder('lead')
          .setFindOptions({
            where: { tenantId: TENANT, email },
            order: { updatedAt: 'DESC', id: 'DESC' },
            take: 1,
          })
          .getQueryAndParameters();
      const plan = async ([query, parameters]: [string, unknown[]]): Promise<string> => {
        if (!onPostgres) {
          const rows = await t.dataSource.query<{ detail: string }[]>(`EXPLAIN QUERY PLAN ${query}`, parameters);
          return rows.map((row) => row.detail).join('\n');
        }
        const runner = t.dataSource.createQueryRunner();
        try {
          await runner.startTransaction();
          // A few test rows would be read whole anyway; ask what it would do with many.
          await runner.query('SET LOCAL enable_seqscan = off');
          const rows = (await runner.query(`EXPLAIN ${query}`, parameters)) as Record<string, string>[];
          await runner.rollbackTransaction();
          return rows.map((row) => row['QUERY PLAN']).join('\n');
        } finally {
          await runner.release();
        }
      };
      const usesEmailIndex = onPostgres
        ? /Index Scan using "IDX_fdd58ed32361cd5e11886f4095" [^\n]*\n\s*Index Cond: \(.*\(email\)::text = /
        : /USING INDEX IDX_fdd58ed32361cd5e11886f4095 \(tenantId=\? AND email=\?\)/;

      // What LeadsService.findReturning asks: a plain equality on the stored, normalized email.
      expect(await plan(lookup('nora.q@example.com'))).toMatch(usesEmailIndex);
      // What it asked before: the tenant's leads read one by one.
      const { Raw } = await import('typeorm');
      expect(await plan(lookup(Raw((column) => `LOWER(${column}) = :e`, { e: 'nora.q@example.com' })))).not.toMatch(
        usesEmailIndex,
      );
    });
  });
});

describe('Leads: tenant isolation, search and owners', () => {
  let t: TestApp;
  let w: World;
  let marco: string;
  let aliciaB: string;

  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
    marco = (
      await t.http
        .post('/api/leads')
        .set(bearer(w.agentA.token))
        .send({ firstName: 'Marco', lastName: 'Ruiz', phone: '786-555-0123', email: 'marco.ruiz@alpha-agency.com' })
        .expect(201)
    ).body.id as string;
    aliciaB = (
      await t.http
        .post('/api/leads')
        .set(bearer(w.agentB.token))
        .send({
          firstName: 'Alicia',
          lastName: 'Berg',
          phone: '+1 (305) 555-0177',
          email: 'alicia.berg@beta-brokers.com',
        })
        .expect(201)
    ).body.id as string;
  });

  afterAll(async () => {
    await t?.close();
  });

  const search = listSearch(() => t);

  it('finds leads by first name, in any letter case, inside the tenant', async () => {
    for (const q of ['alicia', 'ALICIA', 'aLiCiA', ' Alicia ', 'lici']) {
      expect({ q, found: await search(w.agentA.token, '/api/leads', { q }) }).toEqual({ q, found: [w.A.lead] });
      expect({ q, found: await search(w.agentB.token, '/api/leads', { q }) }).toEqual({ q, found: [aliciaB] });
    }
    expect(await search(w.owner, '/api/leads', { q: 'alicia' })).toEqual([w.A.lead, aliciaB].sort());
    expect(await search(w.owner, '/api/leads', { q: 'alicia', tenant_id: TB })).toEqual([aliciaB]);
    expect(await search(w.agentA.token, '/api/leads', { q: 'stone' })).toEqual([w.A.lead]);
    expect(await search(w.agentA.token, '/api/leads', { q: 'bruno' })).toEqual([]);
  });

  it('finds leads by a fragment of the email', async () => {
    expect(await search(w.agentA.token, '/api/leads', { q: 'stone@alpha' })).toEqual([w.A.lead]);
    expect(await search(w.agentA.token, '/api/leads', { q: 'ALPHA-AGENCY.COM' })).toEqual([w.A.lead, marco].sort());
    expect(await search(w.agentA.token, '/api/leads', { q: 'beta-brokers' })).toEqual([]);
    expect(await search(w.agentB.token, '/api/leads', { q: 'beta-brokers' })).toEqual([w.B.lead, aliciaB].sort());
  });

  it('finds leads by phone digits however they are typed', async () => {
    for (const q of ['(786) 555-0198', '786-555-0198', '+1 786 555 0198', '7865550198', '555-0198', '0198']) {
      expect({ q, found: await search(w.agentA.token, '/api/leads', { q }) }).toEqual({ q, found: [w.A.lead] });
    }
    // B has a lead ending in 0198 too: each tenant finds its own, the owner both.
    expect(await search(w.agentB.token, '/api/leads', { q: '0198' })).toEqual([w.B.lead]);
    expect(await search(w.owner, '/api/leads', { q: '0198' })).toEqual([w.A.lead, w.B.lead].sort());
    expect(await search(w.agentA.token, '/api/leads', { q: '(786) 555-0123' })).toEqual([marco]);
    expect(await search(w.agentA.token, '/api/leads', { q: '(305) 555-0198' })).toEqual([]);
    const [row] = await t.rows('leads', '"id" = ?', [w.A.lead]);
    expect(row.phone).toBe('+17865550198');
  });

  it('refuses a malformed q or created window with 400 naming it', async () => {
    for (const [query, field] of [
      [{ q: '' }, 'q'],
      [{ q: 'x'.repeat(101) }, 'q'],
      [{ created_from: 'yesterday' }, 'created_from'],
      [{ created_to: '2026-13-01' }, 'created_to'],
      [{ owner_id: 'not-a-uuid' }, 'owner_id'],
    ] as Array<[Record<string, string>, string]>) {
      const response = await t.http.get('/api/leads').query(query).set(bearer(w.agentA.token)).expect(400);
      expect({ query, fields: namedFields(response.body) }).toEqual({ query, fields: [field] });
    }
  });

  it('windows leads by creation time, both ends included', async () => {
    const made: string[] = [];
    for (const name of ['Window', 'Window', 'Window']) {
      await pause(5);
      made.push(
        (
          await t.http
            .post('/api/leads')
            .set(bearer(w.agentA.token))
            .send({ firstName: name, phone: '+17865550150' })
            .expect(201)
        ).body.id as string,
      );
    }
    const rows = await t.rows('leads', '"tenantId" = ?', [TA]);
    const at = (id: string) => instant(rows.find((row) => row.id === id)!.createdAt);
    expect(at(made[0])).toBeLessThan(at(made[1]));
    expect(at(made[1])).toBeLessThan(at(made[2]));
    const pivot = new Date(at(made[1])).toISOString();
    const expected = (keep: (stamp: number) => boolean) =>
      sortedIds(rows.filter((row) => keep(instant(row.createdAt))));

    expect(await search(w.agentA.token, '/api/leads', { created_from: pivot })).toEqual(
      expected((stamp) => stamp >= at(made[1])),
    );
    expect(await search(w.agentA.token, '/api/leads', { created_to: pivot })).toEqual(
      expected((stamp) => stamp <= at(made[1])),
    );
    expect(await search(w.agentA.token, '/api/leads', { created_from: pivot, created_to: pivot })).toEqual([made[1]]);
    expect(await search(w.agentA.token, '/api/leads', { q: 'window', created_from: pivot })).toEqual(
      [made[1], made[2]].sort(),
    );
    expect(await search(w.agentA.token, '/api/leads', { q: 'window', created_to: pivot })).toEqual(
      [made[0], made[1]].sort(),
    );
    // Dates: the start of the day, UTC.
    const yesterday = DateTime.utc().minus({ days: 1 }).toISODate();
    const tomorrow = DateTime.utc().plus({ days: 1 }).toISODate();
    expect(await search(w.agentA.token, '/api/leads', { created_from: yesterday })).toEqual(sortedIds(rows));
    expect(await search(w.agentA.token, '/api/leads', { created_from: tomorrow })).toEqual([]);
    expect(await search(w.agentA.token, '/api/leads', { created_to: '2000-01-01' })).toEqual([]);
    expect(await search(w.agentA.token, '/api/leads', { created_from: yesterday, created_to: tomorrow })).toEqual(
      sortedIds(rows),
    );
    // Still inside the tenant.
    const fromB = await search(w.agentB.token, '/api/leads', { created_from: yesterday });
    expect(fromB).toEqual(sortedIds(await t.rows('leads', '"tenantId" = ?', [TB])));
  });

  it('filters leads by owner_id after assigning one to A’s agent', async () => {
    expect(await search(w.agentA.token, '/api/leads', { owner_id: w.agentA.id })).toEqual([]);
    const assigned = await t.http
      .patch(`/api/leads/${marco}`)
      .set(bearer(w.adminA.token))
      .send({ ownerId: w.agentA.id })
      .expect(200);
    expect(assigned.body).toMatchObject({ id: marco, ownerId: w.agentA.id });
    expect((await t.rows('leads', '"id" = ?', [marco]))[0].ownerId).toBe(w.agentA.id);
    expect(await search(w.agentA.token, '/api/leads', { owner_id: w.agentA.id })).toEqual([marco]);
    expect(await search(w.adminA.token, '/api/leads', { owner_id: w.agentA.id, q: 'marco' })).toEqual([marco]);
    expect(await search(w.agentA.token, '/api/leads', { owner_id: w.adminA.id })).toEqual([]);
    expect(await search(w.agentA.token, '/api/leads', { owner_id: MISSING_ID })).toEqual([]);
    // B's staff filtering by A's agent find nothing of A's.
    expect(await search(w.agentB.token, '/api/leads', { owner_id: w.agentA.id })).toEqual([]);
    const [change] = await t.rows('record_changes', '"recordType" = ? AND "recordId" = ? AND "action" = ?', [
      'lead',
      marco,
      'update',
    ]);
    expect(json(change.changes)).toEqual({ ownerId: w.agentA.id });
    expect(change.actorId).toBe(w.adminA.id);
  });

  it('refuses an owner for a lead who is not an active user of the lead’s tenant: 400 naming ownerId', async () => {
    const disabled = await createStaff(t, w.adminA.token, TA, 'agent', 'gone-agent-a', false);
    await t.http.patch(`/api/users/${disabled.id}`).set(bearer(w.adminA.token)).send({ active: false }).expect(200);
    const [before] = await t.rows('leads', '"id" = ?', [w.A.lead]);
    for (const [label, ownerId] of [
      ['B’s agent', w.agentB.id],
      ['B’s admin', w.adminB.id],
      ['the owner', w.ownerId],
      ['a disabled user of A', disabled.id],
      ['nobody', MISSING_ID],
    ]) {
      for (const token of [w.adminA.token, w.agentA.token, w.owner]) {
        const response = await t.http.patch(`/api/leads/${w.A.lead}`).set(bearer(token)).send({ ownerId });
        expect({ label, status: response.status, fields: response.body.fields }).toEqual({
          label,
          status: 400,
          fields: ['ownerId'],
        });
        expect(messageText(response.body)).toContain('ownerId');
      }
    }
    const notUuid = await t.http
      .patch(`/api/leads/${w.A.lead}`)
      .set(bearer(w.adminA.token))
      .send({ ownerId: 'agent-b' })
      .expect(400);
    expect(namedFields(notUuid.body)).toEqual(['ownerId']);
    expect(await t.rows('leads', '"id" = ?', [w.A.lead])).toEqual([before]);
    // And B's lead cannot take A's agent.
    const cross = await t.http
      .patch(`/api/leads/${w.B.lead}`)
      .set(bearer(w.adminB.token))
      .send({ ownerId: w.agentA.id })
      .expect(400);
    expect(namedFields(cross.body)).toEqual(['ownerId']);
    expect((await t.rows('leads', '"id" = ?', [w.B.lead]))[0].ownerId).toBeNull();
    // Its own admin is fine, and null unassigns.
    await t.http.patch(`/api/leads/${w.A.lead}`).set(bearer(w.agentA.token)).send({ ownerId: w.adminA.id }).expect(200);
    expect((await t.rows('leads', '"id" = ?', [w.A.lead]))[0].ownerId).toBe(w.adminA.id);
    await t.http.patch(`/api/leads/${w.A.lead}`).set(bearer(w.agentA.token)).send({ ownerId: null }).expect(200);
    expect((await t.rows('leads', '"id" = ?', [w.A.lead]))[0].ownerId).toBeNull();
  });
});
