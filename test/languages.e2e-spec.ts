import { spokenIn } from '../src/tools-webhook/spoken/spoken-messages';
import { createTestApp, TestApp, WEBHOOK_KEY } from './support/test-app';

const es = spokenIn('es');
const en = spokenIn('en');

describe('the language callers are answered in', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    const owner = await t.staffToken();
    await t.http
      .post('/api/tenants')
      .set('Authorization', `Bearer ${owner}`)
      .send({ name: 'Clínica Sol', platformTenantId: 'clinica-sol', language: 'es' })
      .expect(201);
  });
  afterAll(() => t.close());

  it("is the tenant's language", async () => {
    const res = await t.tool(
      'create_lead',
      { first_name: 'Ana', phone: '7865550198' },
      { tenantId: 'clinica-sol', callId: 'lang-1' },
    );
    expect(res.body).toMatchObject({ status: 'created', message: es.leadCreated('Ana') });
    const [row] = await t.rows<{ message: string }>('tool_calls', '"callId" = ?', ['lang-1']);
    expect(row.message).toBe(es.leadCreated('Ana'));
  });

  it('follows a hint in args.language over the tenant', async () => {
    // Ana called before (lang-1): she is welcomed back, in English this time.
    const res = await t.tool(
      'create_lead',
      { first_name: 'Ana', phone: '7865550198', language: 'English' },
      { tenantId: 'clinica-sol', callId: 'lang-2' },
    );
    expect(res.body.message).toBe(en.leadUpdated('Ana'));
  });

  it('follows Accept-Language when args say nothing', async () => {
    const res = await t.http
      .post('/api/webhooks/ai-tools')
      .set('Authorization', `Bearer ${WEBHOOK_KEY}`)
      .set('Accept-Language', 'es-MX,es;q=0.9')
      .send({ function: 'send_sms', args: { message: 'hola' }, call_id: 'lang-3', tenant_id: 'tenant-a' })
      .expect(200);
    expect(res.body).toEqual({ status: 'error', message: '¿Podría decirme el número al que enviar el mensaje?' });
  });

  it('answers the contract errors in the language asked for', async () => {
    const unauthorized = await t.http
      .post('/api/webhooks/ai-tools')
      .set('Accept-Language', 'es')
      .send({ function: 'x', args: {} })
      .expect(401);
    expect(unauthorized.body).toEqual({ status: 'error', message: es.unauthorized });
    const notJson = await t.http
      .post('/api/webhooks/ai-tools')
      .set('Authorization', `Bearer ${WEBHOOK_KEY}`)
      .set('Accept-Language', 'es')
      .set('Content-Type', 'application/json')
      .send('{"function": ')
      .expect(400);
    expect(notJson.body).toEqual({ status: 'error', message: es.badRequest });
  });

  it('is English by default', async () => {
    const res = await t.tool('create_lead', { first_name: 'Ana', phone: '7865550198' }, { callId: 'lang-4' });
    expect(res.body.message).toBe(en.leadCreated('Ana'));
  });
});
