import { createTestApp, OTHER_TENANT, SECOND_WEBHOOK_KEY, TENANT, TestApp, WEBHOOK_KEY } from './support/test-app';

const PATH = '/api/webhooks/ai-tools';

/** A weekday about ten days ahead, as YYYY-MM-DD. */
function futureWeekday(): string {
  const day = new Date(Date.now() + 10 * 86_400_000);
  while (day.getUTCDay() === 0 || day.getUTCDay() === 6) day.setUTCDate(day.getUTCDate() + 1);
  return day.toISOString().slice(0, 10);
}

/** What the platform requires of every answer: the two contract fields, and speech a caller can hear. */
function expectContract(body: unknown): void {
  expect(body).toEqual(expect.objectContaining({ status: expect.any(String), message: expect.any(String) }));
  const { message } = body as { message: string };
  expect(message.trim().length).toBeGreaterThan(0);
  expect(message).not.toMatch(/[{}[\]<>]|undefined|null|NaN|Error:|statusCode/);
  expect(message.split(/(?<=[.!?])\s+/).filter(Boolean).length).toBeLessThanOrEqual(2);
}

describe('tools webhook', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ VOIP_TOOLS_WEBHOOK_KEY: `${WEBHOOK_KEY}, ${SECOND_WEBHOOK_KEY}` });
  });
  afterAll(() => t.close());

  describe('authentication', () => {
    it('accepts the key as a Bearer token and as X-API-Key', async () => {
      const bearer = await t.http
        .post(PATH)
        .set('Authorization', `Bearer ${WEBHOOK_KEY}`)
        .send({ function: 'check_policy_status', args: { policy_number: 'X-1' } });
      const apiKey = await t.http
        .post(PATH)
        .set('X-API-Key', WEBHOOK_KEY)
        .send({ function: 'check_policy_status', args: { policy_number: 'X-1' } });
      expect([bearer.status, apiKey.status]).toEqual([200, 200]);
    });

    it('accepts every key of a rotation', async () => {
      const res = await t.tool('check_policy_status', { policy_number: 'X-1' }, { key: SECOND_WEBHOOK_KEY });
      expect(res.status).toBe(200);
    });

    it.each([
      ['no credentials', {}],
      ['a wrong key of the same length', { Authorization: `Bearer ${WEBHOOK_KEY.slice(0, -1)}X` }],
      ['a wrong key of another length', { 'X-API-Key': 'short' }],
      ['a key with a different case', { Authorization: `Bearer ${WEBHOOK_KEY.toUpperCase()}` }],
    ])('refuses %s with 401 in the contract shape and writes nothing', async (_case, headers) => {
      const before = await t.rows('leads');
      const res = await t.http
        .post(PATH)
        .set(headers)
        .send({ function: 'create_lead', args: { first_name: 'Eve', phone: '+17865550100' }, call_id: 'call-401' });
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ status: 'error', message: 'Unauthorized' });
      expect(await t.rows('leads')).toHaveLength(before.length);
      expect(await t.rows('tool_calls', '"callId" = ?', ['call-401'])).toHaveLength(0);
    });

    it('refuses a staff JWT', async () => {
      const res = await t.http
        .post(PATH)
        .set('Authorization', `Bearer ${await t.staffToken()}`)
        .send({ function: 'check_policy_status', args: { policy_number: 'X-1' } });
      expect(res.status).toBe(401);
      expect(res.body.status).toBe('error');
    });
  });

  describe('malformed requests answer 400 in the contract shape', () => {
    it.each([
      ['a body that is not JSON', '{"function": "send_sms", ', 'application/json'],
      ['a form-encoded body', 'function=send_sms', 'application/x-www-form-urlencoded'],
      ['an empty body', '', 'application/json'],
      ['a JSON array', '[1,2]', 'application/json'],
    ])('%s', async (_case, raw, contentType) => {
      const res = await t.http
        .post(PATH)
        .set('Authorization', `Bearer ${WEBHOOK_KEY}`)
        .set('Content-Type', contentType)
        .send(raw);
      expect(res.status).toBe(400);
      expectContract(res.body);
      expect(res.body.status).toBe('error');
    });

    it.each([
      ['function missing', { args: {} }],
      ['args missing', { function: 'send_sms' }],
      ['args a string', { function: 'send_sms', args: 'to +17865550198' }],
      ['function a number', { function: 42, args: {} }],
    ])('%s, and the call is logged for staff', async (_case, body) => {
      const callId = `call-400-${_case.replace(/\W/g, '')}`;
      const res = await t.http
        .post(PATH)
        .set('Authorization', `Bearer ${WEBHOOK_KEY}`)
        .send({ ...body, call_id: callId, tenant_id: TENANT });
      expect(res.status).toBe(400);
      expectContract(res.body);
      const [row] = await t.rows<{ httpStatus: number; status: string }>('tool_calls', '"callId" = ?', [callId]);
      expect(row).toMatchObject({ httpStatus: 400, status: 'error' });
    });

    it('a body over the size limit → 413 in the contract shape', async () => {
      const res = await t.tool('leave_message', {
        caller_name: 'Ana',
        caller_phone: '+17865550198',
        message: 'x'.repeat(200_000),
      });
      expect(res.status).toBe(413);
      expectContract(res.body);
    });

    it('tolerates unknown envelope fields', async () => {
      const res = await t.http
        .post(PATH)
        .set('Authorization', `Bearer ${WEBHOOK_KEY}`)
        .send({
          function: 'check_policy_status',
          args: { policy_number: 'X-1' },
          call_id: 'c',
          tenant_id: TENANT,
          platform_version: '2.1',
        });
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('not_found');
    });
  });

  describe('send_sms', () => {
    it('sends through the provider, records the SMS and says so', async () => {
      const res = await t.tool(
        'send_sms',
        { to_phone: '(786) 555-1234', message: 'Our address is 123 Main St.', caller_name: 'Juan' },
        { callId: 'call-sms' },
      );
      expect(res.status).toBe(200);
      expectContract(res.body);
      expect(res.body.status).toBe('sent');
      expect(res.body.message).toContain('1234');
      expect(t.vonage.received.map(({ to, text }) => ({ to, text }))).toEqual([
        { to: '17865551234', text: 'Our address is 123 Main St.' },
      ]);
      const [sms] = await t.rows<Record<string, unknown>>('sms_messages', '"callId" = ?', ['call-sms']);
      expect(sms).toMatchObject({
        tenantId: TENANT,
        toPhone: '+17865551234',
        status: 'sent',
        provider: 'vonage',
        requestedBy: 'voice_agent',
        callerName: 'Juan',
      });
      expect(sms.providerMessageId).toEqual(expect.any(String));
      expect(res.body.sms_id).toBe(sms.id);
    });

    it('asks for exactly what is missing and sends nothing', async () => {
      const requests = t.vonage.requests;
      const noPhone = await t.tool('send_sms', { message: 'Hello' });
      expect(noPhone.body).toMatchObject({ status: 'error', message: expect.stringContaining('phone number') });
      expect(noPhone.body.message).not.toContain('message should say');
      const noText = await t.tool('send_sms', { to_phone: '+17865551234', message: '   ' });
      expect(noText.body).toMatchObject({
        status: 'error',
        message: expect.stringContaining('what the text message should say'),
      });
      expect(t.vonage.requests).toBe(requests);
    });

    it('asks again for a phone number it cannot use', async () => {
      const res = await t.tool('send_sms', { to_phone: '555', message: 'Hello' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'error', message: expect.stringContaining('valid phone number') });
    });
  });

  describe('create_lead', () => {
    it('stores the lead in the call tenant with its call id', async () => {
      const res = await t.tool(
        'create_lead',
        {
          first_name: 'Ana',
          last_name: 'Martinez',
          phone: '786.555.0198',
          email: 'ANA@example.com ',
          interest: 'auto insurance',
          favourite_colour: 'blue',
        },
        { callId: 'call-lead' },
      );
      expect(res.status).toBe(200);
      expectContract(res.body);
      expect(res.body).toMatchObject({ status: 'created', lead_id: expect.any(String) });
      expect(res.body.message).toContain('Ana');
      const [lead] = await t.rows('leads', 'id = ?', [res.body.lead_id]);
      expect(lead).toMatchObject({
        tenantId: TENANT,
        callId: 'call-lead',
        firstName: 'Ana',
        lastName: 'Martinez',
        phone: '+17865550198',
        email: 'ana@example.com',
        source: 'voice_agent',
        status: 'new',
      });
    });

    it('asks for the first name when it is missing, and creates nothing', async () => {
      const before = (await t.rows('leads')).length;
      const res = await t.tool('create_lead', { phone: '+17865550198' });
      expect(res.body).toMatchObject({ status: 'error', message: expect.stringContaining('first name') });
      expect(await t.rows('leads')).toHaveLength(before);
    });
  });

  describe('leave_message', () => {
    it.each([
      [true, true],
      ['yes', true],
      ['Yes', true],
      [1, true],
      ['no', false],
      [false, false],
    ])('urgent %p is stored as %p', async (urgent, stored) => {
      const callId = `call-msg-${String(urgent)}`;
      const res = await t.tool(
        'leave_message',
        {
          caller_name: 'Maria Lopez',
          caller_phone: '+1 305 555 0111',
          message: 'Call me about my claim.',
          urgent,
          for_person: 'Carlos',
        },
        { callId },
      );
      expect(res.body.status).toBe('saved');
      expectContract(res.body);
      const [message] = await t.rows<{ urgent: unknown; callerPhone: string; forPerson: string }>(
        'messages',
        '"callId" = ?',
        [callId],
      );
      expect(Boolean(message.urgent)).toBe(stored);
      expect(message).toMatchObject({ callerPhone: '+13055550111', forPerson: 'Carlos' });
    });
  });

  describe('schedule_appointment', () => {
    const date = futureWeekday();

    it('books the local time in the business timezone, with loose duration', async () => {
      const res = await t.tool(
        'schedule_appointment',
        {
          caller_name: 'Luis Perez',
          phone: '3055550122',
          date,
          time: '2:30 PM',
          duration: '45',
          purpose: 'policy review',
        },
        { callId: 'call-appt' },
      );
      expect(res.status).toBe(200);
      expectContract(res.body);
      expect(res.body.status).toBe('scheduled');
      expect(res.body.message).toMatch(/2:30 PM/);
      const [appointment] = await t.rows<Record<string, unknown>>('appointments', '"callId" = ?', ['call-appt']);
      expect(appointment).toMatchObject({
        tenantId: TENANT,
        date,
        time: '14:30',
        timezone: 'America/New_York',
        durationMinutes: 45,
        phone: '+13055550122',
        requestedAs: `${date} 2:30 PM`,
      });
      const startsAt = new Date(appointment.startsAt as string);
      const hourInNewYork = new Intl.DateTimeFormat('en-US', {
        timeZone: 'America/New_York',
        hour: 'numeric',
        minute: 'numeric',
        hour12: false,
      }).format(startsAt);
      expect(hourInNewYork).toBe('14:30');
    });

    it('asks for another day when the date has passed, and books nothing', async () => {
      const before = (await t.rows('appointments')).length;
      const res = await t.tool('schedule_appointment', {
        caller_name: 'Luis',
        phone: '3055550122',
        date: '2020-01-06',
        purpose: 'review',
      });
      expect(res.body).toMatchObject({ status: 'error', message: expect.stringContaining('already passed') });
      expect(await t.rows('appointments')).toHaveLength(before);
    });

    it('asks again for a date it cannot read', async () => {
      const res = await t.tool('schedule_appointment', {
        caller_name: 'Luis',
        phone: '3055550122',
        date: 'sometime soon',
        purpose: 'review',
      });
      expect(res.body).toMatchObject({ status: 'error', message: expect.stringContaining('date') });
    });
  });

  describe('check_policy_status', () => {
    beforeAll(async () => {
      const token = await t.staffToken();
      await t.http
        .post(`/api/policies?tenant_id=${TENANT}`)
        .set('Authorization', `Bearer ${token}`)
        .send({
          policyNumber: 'POL-778899',
          status: 'active',
          firstName: 'Rosa',
          lastName: 'Díaz',
          phone: '+13055550133',
          dateOfBirth: '1980-04-12',
          renewalDate: '2031-03-01',
        })
        .expect(201);
    });

    it.each([
      ['exact number and last name', { policy_number: 'POL-778899', last_name: 'Diaz' }],
      ['a spoken spelling', { policy_number: 'pol 778 899' }],
      [
        'phone and date of birth in other forms',
        { policy_number: 'pol-778899', phone: '(305) 555-0133', date_of_birth: '4/12/1980' },
      ],
    ])('finds it with %s and reads out only its status and renewal', async (_case, args) => {
      const res = await t.tool('check_policy_status', args);
      expect(res.body.status).toBe('found');
      expectContract(res.body);
      expect(res.body.message).toMatch(/active/);
      expect(res.body.message).toMatch(/March 1, 2031/);
      expect(res.body.message).not.toMatch(/Rosa|D[ií]az|778899|1980/);
    });

    it.each([
      ['a wrong last name', { policy_number: 'POL-778899', last_name: 'Smith' }],
      ['a wrong date of birth', { policy_number: 'POL-778899', date_of_birth: '1981-04-12' }],
      ['an unknown number', { policy_number: 'ZZ-404' }],
    ])('answers %s exactly like an unknown number', async (_case, args) => {
      const unknown = await t.tool('check_policy_status', { policy_number: 'NO-SUCH-1' });
      const res = await t.tool('check_policy_status', args);
      expect(res.body).toEqual(unknown.body);
      expect(res.body.status).toBe('not_found');
    });

    it("never finds another tenant's policy", async () => {
      const res = await t.tool('check_policy_status', { policy_number: 'POL-778899' }, { tenantId: OTHER_TENANT });
      expect(res.body.status).toBe('not_found');
    });

    it('creates nothing', async () => {
      const counts = async () =>
        Promise.all(
          ['leads', 'messages', 'appointments', 'policies', 'sms_messages'].map(
            async (table) => (await t.rows(table)).length,
          ),
        );
      const before = await counts();
      await t.tool('check_policy_status', { policy_number: 'POL-778899' });
      expect(await counts()).toEqual(before);
    });
  });

  describe('unknown tools and the log', () => {
    it('answers noted and records the request for staff', async () => {
      const res = await t.tool('book_flight', { to: 'Madrid' }, { callId: 'call-unknown' });
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('noted');
      expectContract(res.body);
      const [row] = await t.rows<Record<string, unknown>>('tool_calls', '"callId" = ?', ['call-unknown']);
      expect(row).toMatchObject({ function_name: 'book_flight', status: 'noted', httpStatus: 200, tenantId: TENANT });
    });

    it('logs every call with its answer and timing, and no secret', async () => {
      const res = await t.tool(
        'create_lead',
        { first_name: 'Zoe', phone: '+17865550155', notes: 'prefers email' },
        { callId: 'call-logged' },
      );
      const [row] = await t.rows<Record<string, unknown>>('tool_calls', '"callId" = ?', ['call-logged']);
      const args = typeof row.args === 'string' ? JSON.parse(row.args) : row.args;
      expect(args).toEqual({ first_name: 'Zoe', phone: '+17865550155', notes: 'prefers email' });
      expect(row).toMatchObject({
        function_name: 'create_lead',
        status: 'created',
        message: res.body.message,
        httpStatus: 200,
        error: null,
        tenantId: TENANT,
      });
      expect(Number(row.durationMs)).toBeGreaterThanOrEqual(0);
      const everything = JSON.stringify(await t.rows('tool_calls'));
      expect(everything).not.toContain(WEBHOOK_KEY);
      expect(everything).not.toContain(SECOND_WEBHOOK_KEY);
    });
  });
});

describe('tools webhook without a configured key', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ VOIP_TOOLS_WEBHOOK_KEY: undefined });
  });
  afterAll(() => t.close());

  it('refuses every call, whatever key is sent', async () => {
    for (const key of [WEBHOOK_KEY, '', 'undefined']) {
      const res = await t.tool('create_lead', { first_name: 'Ana', phone: '+17865550198' }, { key });
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ status: 'error', message: 'Unauthorized' });
    }
    expect(await t.rows('leads')).toHaveLength(0);
  });
});
