/**
 * Toll fraud and SMS pumping (issue 9, finding 1): the SMS destination policy (number types we
 * never text, the countries each tenant may text), caps in billed segments, the per-caller cap
 * of calls without call_id, and the platform-wide hourly ceiling. Every refused text is a
 * `blocked` row with its reason, and the fake Vonage receives nothing for it.
 */
import { Spoken } from '../src/tools-webhook/spoken/spoken-messages';
import { createTestApp, TENANT, TestApp, WEBHOOK_KEY } from './support/test-app';
import { Body, namedFields } from './support/values';

interface SmsRow {
  id: string;
  status: string;
  error: string | null;
  toPhone: string;
  callId: string | null;
  tenantId: string | null;
  segments: number;
}

/** The six numbers of the attack review, each with why a US tenant may not text it. */
const REFUSED: Array<[string, string]> = [
  ['+19005550100', 'SMS destination refused: a premium-rate number'],
  ['+449098790000', 'SMS destination refused: a premium-rate number'],
  ['+8821600000000', 'SMS destination refused: a VoIP or non-geographic number'],
  ['+5351234567', "SMS destination refused: country CU is not among the tenant's SMS countries (US)"],
  ['+252611234567', "SMS destination refused: country SO is not among the tenant's SMS countries (US)"],
  ['+79123456789', "SMS destination refused: country RU is not among the tenant's SMS countries (US)"],
];

/** 1,600 characters outside GSM-7: 24 UCS-2 segments of 67 (the most send_sms takes). */
const UNICODE_1600 = '日'.repeat(1600);

const receivedBy = (t: TestApp, e164: string) => t.vonage.received.filter((sms) => sms.to === e164.slice(1));

/** A tool call as the platform sends it when it gives no call_id. */
const toolWithoutCallId = (t: TestApp, fn: string, args: unknown, tenantId = TENANT) =>
  t.http
    .post('/api/webhooks/ai-tools')
    .set('Authorization', `Bearer ${WEBHOOK_KEY}`)
    .send({ function: fn, args, tenant_id: tenantId });

describe('the SMS destination policy', () => {
  let t: TestApp;
  let owner: string;
  beforeAll(async () => {
    t = await createTestApp();
    owner = await t.staffToken();
  });
  afterAll(() => t.close());

  const staffSend = (body: object, tenantId = TENANT) =>
    t.http.post(`/api/sms?tenant_id=${tenantId}`).set('Authorization', `Bearer ${owner}`).send(body);

  it.each(REFUSED)(
    'refuses %s to a US tenant’s voice agent: blocked with the reason, nothing sent',
    async (phone, reason) => {
      const callId = `dest-voice-${phone}`;
      const res = await t
        .tool('send_sms', { to_phone: phone, message: 'Your quote is ready.' }, { callId })
        .expect(200);

      expect(res.body).toEqual({
        status: 'failed',
        message: Spoken.smsDestinationRefused(phone.slice(-4)),
        sms_id: expect.any(String),
      });
      const rows = await t.rows<SmsRow>('sms_messages', '"callId" = ?', [callId]);
      expect(rows).toEqual([
        expect.objectContaining({ toPhone: phone, status: 'blocked', error: reason, tenantId: TENANT }),
      ]);
      expect(receivedBy(t, phone)).toEqual([]);
      const [logged] = await t.rows<{ status: string; error: string }>('tool_calls', '"callId" = ?', [callId]);
      expect(logged).toMatchObject({ status: 'failed', error: reason });
    },
  );

  it.each(REFUSED)(
    'refuses %s to a US tenant’s staff: 201 with the blocked row, nothing sent',
    async (phone, reason) => {
      const res = await staffSend({ toPhone: phone, body: 'Your documents are ready.' }).expect(201);

      expect(res.body).toMatchObject({
        toPhone: phone,
        status: 'blocked',
        error: reason,
        attempts: 0,
        tenantId: TENANT,
      });
      const [row] = await t.rows<SmsRow>('sms_messages', '"id" = ?', [(res.body as Body).id]);
      expect(row).toMatchObject({ status: 'blocked', error: reason });
      expect(receivedBy(t, phone)).toEqual([]);
    },
  );

  it('lets a tenant allowed a second country text it, and still refuses the others and premium rate', async () => {
    await t
      .tool('send_sms', { to_phone: '+17865550100', message: 'hello' }, { callId: 'dest-make-tenant' })
      .expect(200);
    const tenants = await t.http.get('/api/tenants').set('Authorization', `Bearer ${owner}`).expect(200);
    const tenant = (tenants.body as Array<{ id: string; platformTenantId: string }>).find(
      (item) => item.platformTenantId === TENANT,
    )!;
    for (const invalid of [['XX'], 'RU', [], ['US', 'US'], [7]]) {
      const refused = await t.http
        .patch(`/api/tenants/${tenant.id}`)
        .set('Authorization', `Bearer ${owner}`)
        .send({ smsAllowedCountries: invalid })
        .expect(400);
      expect(namedFields(refused.body)).toEqual(['smsAllowedCountries']);
    }
    const patched = await t.http
      .patch(`/api/tenants/${tenant.id}`)
      .set('Authorization', `Bearer ${owner}`)
      .send({ smsAllowedCountries: ['US', 'RU'] })
      .expect(200);
    expect(patched.body).toMatchObject({ smsAllowedCountries: ['US', 'RU'] });
    const [tenantRow] = await t.rows<{ smsAllowedCountries: unknown }>('tenants', '"id" = ?', [tenant.id]);
    expect(
      typeof tenantRow.smsAllowedCountries === 'string'
        ? JSON.parse(tenantRow.smsAllowedCountries)
        : tenantRow.smsAllowedCountries,
    ).toEqual(['US', 'RU']);

    const russia = await t
      .tool('send_sms', { to_phone: '+7 912 345 6789', message: 'Privet' }, { callId: 'dest-second-country' })
      .expect(200);
    expect(russia.body.status).toBe('sent');
    const byStaff = await staffSend({ toPhone: '+7 912 345 6789', body: 'Privet again' }).expect(201);
    expect(byStaff.body).toMatchObject({ status: 'sent', error: null });
    expect(receivedBy(t, '+79123456789').map((sms) => sms.text)).toEqual(['Privet', 'Privet again']);

    const cuba = await staffSend({ toPhone: '+5351234567', body: 'Hola' }).expect(201);
    expect(cuba.body).toMatchObject({
      status: 'blocked',
      error: "SMS destination refused: country CU is not among the tenant's SMS countries (US, RU)",
    });
    const premium = await staffSend({ toPhone: '+19005550100', body: 'Hi' }).expect(201);
    expect(premium.body).toMatchObject({ status: 'blocked', error: 'SMS destination refused: a premium-rate number' });
    expect(receivedBy(t, '+5351234567')).toEqual([]);
    expect(receivedBy(t, '+19005550100')).toEqual([]);
  });

  it('takes smsAllowedCountries when an owner creates a tenant, and refuses a bad list with 400 naming it', async () => {
    const created = await t.http
      .post('/api/tenants')
      .set('Authorization', `Bearer ${owner}`)
      .send({
        name: 'North Agency',
        platformTenantId: 'dest-north',
        defaultCountry: 'US',
        smsAllowedCountries: ['US', 'CA'],
      })
      .expect(201);
    expect(created.body).toMatchObject({ platformTenantId: 'dest-north', smsAllowedCountries: ['US', 'CA'] });
    const refused = await t.http
      .post('/api/tenants')
      .set('Authorization', `Bearer ${owner}`)
      .send({ name: 'Bad Agency', platformTenantId: 'dest-bad', smsAllowedCountries: ['ca'] })
      .expect(400);
    expect(namedFields(refused.body)).toEqual(['smsAllowedCountries']);
    expect(await t.rows('tenants', '"platformTenantId" = ?', ['dest-bad'])).toEqual([]);

    // A Canadian mobile (+1 204…) for the tenant that may text Canada, not for the US-only one.
    const canada = await staffSend({ toPhone: '+12042345678', body: 'Bonjour' }, 'dest-north').expect(201);
    expect(canada.body).toMatchObject({ status: 'sent', error: null });
    const usOnly = await staffSend({ toPhone: '+12042345679', body: 'Bonjour' }).expect(201);
    expect(usOnly.body).toMatchObject({
      status: 'blocked',
      error: "SMS destination refused: country CA is not among the tenant's SMS countries (US, RU)",
    });
    expect(receivedBy(t, '+12042345679')).toEqual([]);
  });

  it('caps a call without call_id per caller phone (the number it texts), not per call', async () => {
    const caller = '+13055550177';
    const answers = [];
    for (const n of [1, 2, 3, 4])
      answers.push(
        await toolWithoutCallId(t, 'send_sms', { to_phone: caller, message: `No call id ${n}` }).expect(200),
      );

    expect(answers.map((answer) => answer.body.status)).toEqual(['sent', 'sent', 'sent', 'failed']);
    expect(answers[3].body.message).toBe(Spoken.smsCapReached);
    const rows = await t.rows<SmsRow>('sms_messages', '"toPhone" = ? ORDER BY "createdAt", "id"', [caller]);
    expect(rows.map((row) => [row.callId, row.status])).toEqual([
      [null, 'sent'],
      [null, 'sent'],
      [null, 'sent'],
      [null, 'blocked'],
    ]);
    expect(rows.find((row) => row.status === 'blocked')?.error).toBe(
      'SMS cap reached: 3 segments per caller phone per hour (call without call_id)',
    );
    expect(receivedBy(t, caller)).toHaveLength(3);

    // Another caller has a budget of their own.
    const other = await toolWithoutCallId(t, 'send_sms', { to_phone: '+13055550178', message: 'Hi' }).expect(200);
    expect(other.body.status).toBe('sent');
  });
});

describe('SMS caps count billed segments', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ SMS_MAX_PER_CALL: '25', SMS_MAX_PER_TENANT_HOUR: '30' });
  });
  afterAll(() => t.close());

  it('counts a 1,600-character Unicode text as 24 segments against the per-call and hourly caps', async () => {
    const phone = '+17865550160';
    const long = await t.tool('send_sms', { to_phone: phone, message: UNICODE_1600 }, { callId: 'seg-1' }).expect(200);
    expect(long.body.status).toBe('sent');
    const [first] = await t.rows<SmsRow>('sms_messages', '"callId" = ?', ['seg-1']);
    expect(first).toMatchObject({ status: 'sent', segments: 24 });

    // 24 + 2 segments > 25 per call.
    const twoParts = await t
      .tool('send_sms', { to_phone: phone, message: 'a'.repeat(200) }, { callId: 'seg-1' })
      .expect(200);
    expect(twoParts.body).toMatchObject({ status: 'failed', message: Spoken.smsCapReached });
    // 24 + 24 segments > 30 per hour for the tenant, in a call of its own.
    const again = await t.tool('send_sms', { to_phone: phone, message: UNICODE_1600 }, { callId: 'seg-2' }).expect(200);
    expect(again.body).toMatchObject({ status: 'failed', message: Spoken.smsCapReached });
    // A one-segment text still fits in both.
    const short = await t.tool('send_sms', { to_phone: phone, message: 'Short' }, { callId: 'seg-3' }).expect(200);
    expect(short.body.status).toBe('sent');

    const rows = await t.rows<SmsRow>('sms_messages', '"toPhone" = ? ORDER BY "createdAt", "id"', [phone]);
    expect(rows.map((row) => [row.callId, row.segments, row.status, row.error])).toEqual([
      ['seg-1', 24, 'sent', null],
      ['seg-1', 2, 'blocked', 'SMS cap reached: 25 segments per call'],
      ['seg-2', 24, 'blocked', 'SMS cap reached: 30 segments per hour for this tenant'],
      ['seg-3', 1, 'sent', null],
    ]);
    expect(receivedBy(t, phone).map((sms) => sms.text.length)).toEqual([1600, 5]);
  });
});

describe('the platform-wide hourly SMS ceiling', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ SMS_MAX_PER_PLATFORM_HOUR: '3', SMS_MAX_PER_TENANT_HOUR: '1000' });
  });
  afterAll(() => t.close());

  it('bounds what any number of new tenant ids under the platform key send together', async () => {
    const answers = [];
    for (const n of [1, 2, 3, 4, 5])
      answers.push(
        await t
          .tool(
            'send_sms',
            { to_phone: '+17865550170', message: `Pump ${n}` },
            { callId: `pump-${n}`, tenantId: `pump-tenant-${n}` },
          )
          .expect(200),
      );

    expect(answers.map((answer) => answer.body.status)).toEqual(['sent', 'sent', 'sent', 'failed', 'failed']);
    expect(answers[3].body.message).toBe(Spoken.smsCapReached);
    const rows = await t.rows<SmsRow>('sms_messages', '"toPhone" = ? ORDER BY "createdAt", "id"', ['+17865550170']);
    expect(rows.map((row) => [row.tenantId, row.status])).toEqual([
      ['pump-tenant-1', 'sent'],
      ['pump-tenant-2', 'sent'],
      ['pump-tenant-3', 'sent'],
      ['pump-tenant-4', 'blocked'],
      ['pump-tenant-5', 'blocked'],
    ]);
    expect(rows.slice(3).map((row) => row.error)).toEqual([
      'SMS cap reached: 3 segments per hour for the platform',
      'SMS cap reached: 3 segments per hour for the platform',
    ]);
    expect(receivedBy(t, '+17865550170')).toHaveLength(3);

    // Staff sends are under the same ceiling.
    const staff = await t.http
      .post('/api/sms?tenant_id=pump-tenant-6')
      .set('Authorization', `Bearer ${await t.staffToken()}`)
      .send({ toPhone: '+17865550171', body: 'From the office' })
      .expect(201);
    expect(staff.body).toMatchObject({
      status: 'blocked',
      error: 'SMS cap reached: 3 segments per hour for the platform',
    });
    expect(receivedBy(t, '+17865550171')).toEqual([]);
  });
});
