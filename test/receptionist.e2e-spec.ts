/**
 * Conversation-grade tools (issue 5): phone and policy numbers as callers say them, read in the
 * tenant's country; returning callers; policy lookups that reveal nothing to a stranger; urgent
 * messages texted to the on-call phone. Through the real webhook, on a real database.
 */
import { spokenIn } from '../src/tools-webhook/spoken/spoken-messages';
import { createTestApp, TENANT, TestApp } from './support/test-app';

const en = spokenIn('en');
const es = spokenIn('es');

/** Spanish agency: national numbers are Spanish, answers in Spanish, an on-call phone. */
const MADRID = 'agencia-madrid';
/** English agency with an on-call phone and a cap of two texts per call. */
const ON_CALL = 'agency-on-call';
/** An agency that reads a policy out only to a caller who matched the holder. */
const STRICT = 'strict-agency';

/** A JSON column: an object on PostgreSQL, text on SQLite. */
const json = (value: unknown): Record<string, unknown> =>
  typeof value === 'string' ? JSON.parse(value) : (value as Record<string, unknown>);

describe('a receptionist that understands callers', () => {
  let t: TestApp;
  let owner: string;
  const auth = () => ({ Authorization: `Bearer ${owner}` });

  beforeAll(async () => {
    t = await createTestApp();
    owner = await t.staffToken();
    const tenants = [
      {
        name: 'Agencia Madrid',
        platformTenantId: MADRID,
        language: 'es',
        defaultCountry: 'ES',
        timezone: 'Europe/Madrid',
        onCallPhone: '699 111 222',
      },
      { name: 'On Call Agency', platformTenantId: ON_CALL, onCallPhone: '(305) 555-0100', smsMaxPerCall: 2 },
      { name: 'Strict Agency', platformTenantId: STRICT, policyLookupRequiresMatch: true },
    ];
    for (const tenant of tenants) await t.http.post('/api/tenants').set(auth()).send(tenant).expect(201);
  });
  afterAll(() => t.close());

  describe('phone numbers as callers say them', () => {
    it.each<[string, string, string]>([
      ['(786) 555-0198', TENANT, '+17865550198'],
      ['seven eight six, five five five, oh one nine eight', TENANT, '+17865550198'],
      ['siete ocho seis cinco cinco cinco cero uno nueve ocho', TENANT, '+17865550198'],
      ['plus one 786 double five five 0198', TENANT, '+17865550198'],
      ['001 786 555 0198', TENANT, '+17865550198'],
      ['612 345 678', MADRID, '+34612345678'],
      ['seis doce treinta y cuatro cincuenta y seis setenta y ocho', MADRID, '+34612345678'],
      ['+44 20 7946 0958', MADRID, '+442079460958'],
    ])('create_lead stores %p (tenant %s) as %p', async (phone, tenantId, e164) => {
      const callId = `phone-lead-${tenantId}-${phone}`;
      const res = await t.tool('create_lead', { first_name: 'Pia', phone }, { callId, tenantId }).expect(200);

      expect(['created', 'updated']).toContain(res.body.status);
      const [lead] = await t.rows<{ phone: string; tenantId: string }>('leads', 'id = ?', [res.body.lead_id]);
      expect(lead).toMatchObject({ phone: e164, tenantId });
    });

    it.each<[string, string, string]>([
      ['seven eight six five five five oh one nine eight', TENANT, '+17865550198'],
      ['seis uno dos, tres cuatro cinco, seis siete ocho', MADRID, '+34612345678'],
    ])('leave_message stores the callback number %p (tenant %s) as %p', async (phone, tenantId, e164) => {
      const callId = `phone-message-${tenantId}`;
      await t
        .tool('leave_message', { caller_name: 'Pia', caller_phone: phone, message: 'Call me' }, { callId, tenantId })
        .expect(200);

      const [message] = await t.rows<{ callerPhone: string }>('messages', '"callId" = ?', [callId]);
      expect(message.callerPhone).toBe(e164);
    });

    it('send_sms texts a Spanish national number for a Spanish tenant', async () => {
      const res = await t
        .tool('send_sms', { to_phone: '612 34 56 78', message: 'Hola' }, { callId: 'phone-sms-es', tenantId: MADRID })
        .expect(200);

      expect(res.body).toEqual({ status: 'sent', message: es.smsSent('5678'), sms_id: expect.any(String) });
      const [sms] = await t.rows<{ toPhone: string }>('sms_messages', '"callId" = ?', ['phone-sms-es']);
      expect(sms.toPhone).toBe('+34612345678');
      expect(t.vonage.received.slice(-1)[0]).toMatchObject({ to: '34612345678', text: 'Hola' });
    });

    it.each<[string, string, string]>([
      ['a US number for a Spanish tenant', '786 555 0198', MADRID],
      ['too few digits, spoken', 'seven eight six five five five', TENANT],
      ['a sentence', 'call me later', TENANT],
    ])('asks again for %s, in the tenant language, and stores nothing', async (_label, phone, tenantId) => {
      const callId = `phone-bad-${tenantId}-${phone}`;
      const res = await t.tool('create_lead', { first_name: 'Pia', phone }, { callId, tenantId }).expect(200);

      expect(res.body).toEqual({ status: 'error', message: (tenantId === MADRID ? es : en).invalidPhone });
      expect(await t.rows('leads', '"callId" = ?', [callId])).toHaveLength(0);
    });

    it("reads a staff user's national number in the tenant's country too", async () => {
      const res = await t.http
        .post(`/api/leads?tenant_id=${MADRID}`)
        .set(auth())
        .send({ firstName: 'Lola', phone: '699 222 333' })
        .expect(201);
      expect(res.body.phone).toBe('+34699222333');
    });
  });

  describe('returning callers', () => {
    const PHONE = '(786) 555-0142';
    let leadId: string;

    beforeAll(async () => {
      const first = await t
        .tool(
          'create_lead',
          { first_name: 'Ana', phone: PHONE, interest: 'auto insurance', company: 'Sol Bakery' },
          { callId: 'return-1' },
        )
        .expect(200);
      expect(first.body.status).toBe('created');
      leadId = first.body.lead_id as string;
    });

    it('updates the lead of a caller with the same phone instead of creating another, and welcomes them back', async () => {
      const res = await t
        .tool(
          'create_lead',
          {
            first_name: 'Ana',
            last_name: 'Díaz',
            phone: 'seven eight six, five five five, oh one four two',
            interest: 'home insurance',
            company: 'sol bakery',
            notes: 'wants a home insurance quote',
          },
          { callId: 'return-2' },
        )
        .expect(200);

      expect(res.body).toEqual({ status: 'updated', message: en.leadUpdated('Ana'), lead_id: leadId });
      expect(res.body.message).toBe(
        "Welcome back, Ana! I've updated your details, and someone from our team will be in touch soon.",
      );
      const leads = await t.rows<Record<string, unknown>>('leads', '"tenantId" = ? AND phone = ?', [
        TENANT,
        '+17865550142',
      ]);
      expect(leads).toHaveLength(1);
      expect(leads[0]).toMatchObject({
        id: leadId,
        callId: 'return-1',
        firstName: 'Ana',
        lastName: 'Díaz',
        interest: 'auto insurance',
        company: 'Sol Bakery',
        notes: '[call return-2] wants a home insurance quote; interest: home insurance',
      });
    });

    it('records the update in the change history as the voice agent', async () => {
      const changes = await t.rows<Record<string, unknown>>('record_changes', '"recordId" = ?', [leadId]);
      expect(changes).toHaveLength(1);
      expect(changes[0]).toMatchObject({
        tenantId: TENANT,
        recordType: 'lead',
        action: 'update',
        actorType: 'voice_agent',
        actorId: null,
        callId: 'return-2',
      });
      expect(json(changes[0].changes)).toEqual({
        lastName: 'Díaz',
        notesAppended: '[call return-2] wants a home insurance quote; interest: home insurance',
      });
    });

    it('appends a line for each further call', async () => {
      await t.tool('create_lead', { first_name: 'Ana', phone: '+1 786 555 0142' }, { callId: 'return-3' }).expect(200);
      const [lead] = await t.rows<{ notes: string }>('leads', 'id = ?', [leadId]);
      expect(lead.notes).toBe(
        '[call return-2] wants a home insurance quote; interest: home insurance\n[call return-3] called again',
      );
      expect(await t.rows('record_changes', '"recordId" = ?', [leadId])).toHaveLength(2);
    });

    it('finds a returning caller by email, whatever its case, when the phone is new', async () => {
      const staffLead = await t.http
        .post(`/api/leads?tenant_id=${TENANT}`)
        .set(auth())
        .send({ firstName: 'Luis', phone: '305 555 0144', email: 'Luis.Perez@Example.com' })
        .expect(201);
      const res = await t
        .tool(
          'create_lead',
          { first_name: 'Luis', phone: '786 555 0177', email: 'luis dot perez at example dot com' },
          { callId: 'return-email' },
        )
        .expect(200);

      expect(res.body).toMatchObject({ status: 'updated', lead_id: staffLead.body.id });
      const [lead] = await t.rows<Record<string, unknown>>('leads', 'id = ?', [staffLead.body.id]);
      expect(lead).toMatchObject({
        phone: '+13055550144',
        // Stored normalized (issue 10): that is what lets the match use the (tenantId, email) index.
        email: 'luis.perez@example.com',
        notes: '[call return-email] phone: +17865550177',
      });
      expect(await t.rows('leads', 'phone = ?', ['+17865550177'])).toHaveLength(0);
    });

    it('keeps tenants apart: the same phone in another tenant is a new lead', async () => {
      const res = await t
        .tool('create_lead', { first_name: 'Ana', phone: PHONE }, { callId: 'return-other', tenantId: ON_CALL })
        .expect(200);
      expect(res.body.status).toBe('created');
      expect(res.body.lead_id).not.toBe(leadId);
    });

    it('welcomes a returning caller back in Spanish for a Spanish tenant', async () => {
      await t
        .tool('create_lead', { first_name: 'Lucía', phone: '622 111 222' }, { callId: 'vuelve-1', tenantId: MADRID })
        .expect(200);
      const res = await t
        .tool(
          'create_lead',
          { first_name: 'Lucía', phone: 'seis dos dos uno uno uno dos dos dos' },
          { callId: 'vuelve-2', tenantId: MADRID },
        )
        .expect(200);

      expect(res.body).toMatchObject({ status: 'updated', message: es.leadUpdated('Lucía') });
      expect(res.body.message).toMatch(/^¡Qué gusto saludarle de nuevo, Lucía!/);
      expect(await t.rows('leads', '"tenantId" = ? AND phone = ?', [MADRID, '+34622111222'])).toHaveLength(1);
    });
  });

  describe('policy lookups', () => {
    const future = `${new Date().getUTCFullYear() + 3}-03-01`;
    const policy = (tenantId: string, body: Record<string, unknown>) =>
      t.http.post(`/api/policies?tenant_id=${tenantId}`).set(auth()).send(body).expect(201);

    beforeAll(async () => {
      await policy(TENANT, {
        policyNumber: 'ABC-123',
        status: 'active',
        lastName: 'Núñez',
        dateOfBirth: '1980-04-12',
        phone: '(786) 555-0111',
        renewalDate: future,
      });
      await policy(TENANT, { policyNumber: 'POL-778', status: 'expired', lastName: 'Ruiz', renewalDate: '2020-01-31' });
      await policy(STRICT, {
        policyNumber: 'STR-456',
        status: 'active',
        lastName: 'Stone',
        dateOfBirth: '1975-06-01',
        renewalDate: future,
      });
      await policy(MADRID, {
        policyNumber: 'MAD-900',
        status: 'active',
        lastName: 'García',
        phone: '612 345 678',
        renewalDate: future,
      });
    });

    it.each<[string, Record<string, unknown>]>([
      ['spelled out letters and digits', { policy_number: 'policy a b c dash one two three' }],
      [
        'the NATO alphabet and a matching last name',
        { policy_number: 'alpha bravo charlie one two three', last_name: 'NUNEZ' },
      ],
      [
        'a spoken phone that matches',
        { policy_number: 'ABC 123', phone: 'seven eight six five five five oh one one one' },
      ],
    ])('finds a policy said as %s, and reads out only its status and renewal', async (_label, args) => {
      const res = await t.tool('check_policy_status', args, { callId: 'policy-found' }).expect(200);

      expect(res.body).toEqual({
        status: 'found',
        message: expect.stringMatching(
          /^I found your policy\. It's currently active, with its renewal date on \w+day, March 1, \d{4}\.$/,
        ),
      });
      expect(res.body.message).not.toMatch(/N[uú]ñez|ABC|123|0111|1980/);
    });

    it('answers a mismatch exactly like an unknown number', async () => {
      const unknown = await t
        .tool('check_policy_status', { policy_number: 'x-ray yankee zulu nine nine nine' })
        .expect(200);
      const wrongName = await t
        .tool('check_policy_status', { policy_number: 'a b c one two three', last_name: 'Smith' })
        .expect(200);
      const wrongBirth = await t
        .tool('check_policy_status', { policy_number: 'ABC-123', date_of_birth: 'April 13, 1980' })
        .expect(200);
      const wrongPhone = await t
        .tool('check_policy_status', { policy_number: 'ABC-123', phone: '786 555 0112' })
        .expect(200);

      expect(unknown.body).toEqual({ status: 'not_found', message: en.policyNotFound });
      for (const res of [wrongName, wrongBirth, wrongPhone]) {
        expect(res.body).toEqual(unknown.body);
        expect(res.headers['content-length']).toBe(unknown.headers['content-length']);
      }
    });

    it('says when an expired policy ended', async () => {
      const res = await t.tool('check_policy_status', { policy_number: 'p o l seven seven eight' }).expect(200);
      expect(res.body).toEqual({
        status: 'found',
        message: 'I found your policy. It expired on Friday, January 31, 2020.',
      });
    });

    describe('for a tenant that requires a match', () => {
      it('asks for the last name or date of birth without revealing whether the policy exists', async () => {
        const known = await t
          .tool('check_policy_status', { policy_number: 'STR-456' }, { tenantId: STRICT, callId: 'strict-1' })
          .expect(200);
        const unknown = await t
          .tool('check_policy_status', { policy_number: 'NOPE-1' }, { tenantId: STRICT, callId: 'strict-2' })
          .expect(200);

        expect(known.body).toEqual({ status: 'error', message: en.policyVerificationNeeded });
        expect(unknown.body).toEqual(known.body);
        const [logged] = await t.rows<{ status: string; error: string }>('tool_calls', '"callId" = ?', ['strict-1']);
        expect(logged).toMatchObject({ status: 'error', error: expect.stringContaining('requires a holder detail') });
      });

      it('reads the status out once the caller matched the holder', async () => {
        const res = await t
          .tool(
            'check_policy_status',
            { policy_number: 's t r four five six', date_of_birth: '6/1/1975' },
            { tenantId: STRICT },
          )
          .expect(200);
        expect(res.body.status).toBe('found');
      });

      it('answers a mismatch like an unknown number there too', async () => {
        const wrong = await t
          .tool('check_policy_status', { policy_number: 'STR-456', last_name: 'Smith' }, { tenantId: STRICT })
          .expect(200);
        const unknown = await t
          .tool('check_policy_status', { policy_number: 'NOPE-1', last_name: 'Smith' }, { tenantId: STRICT })
          .expect(200);
        expect(wrong.body).toEqual({ status: 'not_found', message: en.policyNotFound });
        expect(unknown.body).toEqual(wrong.body);
      });
    });

    it('answers a Spanish tenant in Spanish, matching a phone read in its country', async () => {
      const wrong = await t
        .tool('check_policy_status', { policy_number: 'MAD-900', phone: '699 000 000' }, { tenantId: MADRID })
        .expect(200);
      expect(wrong.body).toEqual({ status: 'not_found', message: es.policyNotFound });

      const found = await t
        .tool(
          'check_policy_status',
          { policy_number: 'm a d guión nueve cero cero', phone: 'seis uno dos tres cuatro cinco seis siete ocho' },
          { tenantId: MADRID },
        )
        .expect(200);
      expect(found.body).toEqual({
        status: 'found',
        message: expect.stringMatching(
          /^Encontré su póliza\. Actualmente está activa, y su fecha de renovación es el \w+ 1 de marzo de \d{4}\.$/,
        ),
      });
    });
  });

  describe('urgent messages', () => {
    const URGENT = {
      caller_name: 'Ana Diaz',
      caller_phone: '786 555 0198',
      message: 'The pipe burst in the kitchen.',
      for_person: 'Dr. Lee',
      urgent: 'yes',
    };

    it('text the tenant on-call phone a summary through the SMS outbox', async () => {
      const before = t.vonage.received.length;
      const res = await t.tool('leave_message', URGENT, { callId: 'urgent-1', tenantId: ON_CALL }).expect(200);

      expect(res.body).toEqual({
        status: 'saved',
        message: en.messageSavedUrgent('Ana Diaz'),
        message_id: expect.any(String),
      });
      expect(t.vonage.received.slice(before)).toEqual([
        expect.objectContaining({
          to: '13055550100',
          text: 'Urgent message from Ana Diaz (+1 786 555 0198) for Dr. Lee: The pipe burst in the kitchen',
        }),
      ]);
      const sms = await t.rows<Record<string, unknown>>('sms_messages', '"callId" = ?', ['urgent-1']);
      expect(sms).toHaveLength(1);
      expect(sms[0]).toMatchObject({
        tenantId: ON_CALL,
        toPhone: '+13055550100',
        purpose: 'urgent_message_alert',
        requestedBy: 'voice_agent',
        status: 'sent',
      });
      const [logged] = await t.rows<{ error: string | null }>('tool_calls', '"callId" = ?', ['urgent-1']);
      expect(logged.error).toBeNull();
    });

    it('send no alert for an ordinary message', async () => {
      const before = t.vonage.received.length;
      const res = await t
        .tool('leave_message', { ...URGENT, urgent: 'no' }, { callId: 'urgent-not', tenantId: ON_CALL })
        .expect(200);

      expect(res.body.status).toBe('saved');
      expect(t.vonage.received.length).toBe(before);
      expect(await t.rows('sms_messages', '"callId" = ?', ['urgent-not'])).toHaveLength(0);
    });

    it('send no alert for a tenant without an on-call phone', async () => {
      await t.tool('leave_message', URGENT, { callId: 'urgent-nobody', tenantId: TENANT }).expect(200);
      expect(await t.rows('sms_messages', '"callId" = ?', ['urgent-nobody'])).toHaveLength(0);
    });

    it("are texted in the tenant's language, and answered in it", async () => {
      const res = await t
        .tool(
          'leave_message',
          { ...URGENT, caller_phone: '612 345 678', message: 'Se rompió una tubería', for_person: 'la doctora Ruiz' },
          { callId: 'urgente-1', tenantId: MADRID },
        )
        .expect(200);

      expect(res.body.message).toBe(es.messageSavedUrgent('Ana Diaz'));
      expect(t.vonage.received.slice(-1)[0]).toMatchObject({
        to: '34699111222',
        text: 'Mensaje urgente de Ana Diaz (+34 612 34 56 78) para la doctora Ruiz: Se rompió una tubería',
      });
      const [sms] = await t.rows<Record<string, unknown>>('sms_messages', '"callId" = ?', ['urgente-1']);
      expect(sms).toMatchObject({ purpose: 'urgent_message_alert', toPhone: '+34699111222' });
    });

    it('tell the caller the same when the alert cannot be sent, and note it for staff', async () => {
      t.vonage.mode = 'reject-number';
      let res;
      try {
        res = await t.tool('leave_message', URGENT, { callId: 'urgent-refused', tenantId: ON_CALL }).expect(200);
      } finally {
        t.vonage.mode = 'accept';
      }
      expect(res.body).toEqual({
        status: 'saved',
        message: en.messageSavedUrgent('Ana Diaz'),
        message_id: expect.any(String),
      });
      expect(await t.rows('messages', '"callId" = ?', ['urgent-refused'])).toHaveLength(1);
      const [sms] = await t.rows<{ status: string }>('sms_messages', '"callId" = ?', ['urgent-refused']);
      expect(sms.status).toBe('failed');
      const [logged] = await t.rows<{ status: string; error: string }>('tool_calls', '"callId" = ?', [
        'urgent-refused',
      ]);
      expect(logged).toMatchObject({
        status: 'saved',
        error: expect.stringContaining('urgent alert to the on-call phone not sent (refused)'),
      });
    });

    it("count towards the call's texts: past the cap, the alert is blocked and the caller hears the same", async () => {
      // The tenant allows two texts per call: the caller's own, then the alert, then no more.
      await t
        .tool(
          'send_sms',
          { to_phone: '786 555 0198', message: 'Our address' },
          { callId: 'urgent-capped', tenantId: ON_CALL },
        )
        .expect(200);
      await t
        .tool(
          'send_sms',
          { to_phone: '786 555 0198', message: 'Our hours' },
          { callId: 'urgent-capped', tenantId: ON_CALL },
        )
        .expect(200);
      const res = await t.tool('leave_message', URGENT, { callId: 'urgent-capped', tenantId: ON_CALL }).expect(200);

      expect(res.body.message).toBe(en.messageSavedUrgent('Ana Diaz'));
      const [alert] = await t.rows<{ status: string; error: string }>('sms_messages', '"callId" = ? AND purpose = ?', [
        'urgent-capped',
        'urgent_message_alert',
      ]);
      expect(alert).toMatchObject({ status: 'blocked', error: expect.stringContaining('per call') });
      const [logged] = await t.rows<{ error: string }>('tool_calls', '"callId" = ? AND "function_name" = ?', [
        'urgent-capped',
        'leave_message',
      ]);
      expect(logged.error).toContain('not sent (capped)');
    });
  });
});
