import { createTestApp, TestApp, WEBHOOK_KEY } from './support/test-app';

const METRICS_TOKEN = 'metrics-token-0123456789abcdef';
const SMS_ARGS = { to_phone: '+17865551234', message: 'Your appointment is confirmed for Friday at 2pm.' };

/** `name{a="1",b="2"} value` lines of a Prometheus text exposition, as `{ name, labels, value }`. */
function samples(text: string): Array<{ name: string; labels: Record<string, string>; value: number }> {
  return text
    .split('\n')
    .filter((line) => line.length > 0 && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!match) throw new Error(`not a Prometheus sample: ${line}`);
      const labels = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map(([, k, v]) => [k, v]));
      return { name: match[1], labels, value: Number(match[3]) };
    });
}

describe('GET /metrics', () => {
  describe('without METRICS_TOKEN', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp();
    });
    afterAll(() => t.close());

    it('is off: 404 whatever is presented, and not under /api either', async () => {
      await t.http.get('/metrics').expect(404);
      await t.http.get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`).expect(404);
      await t.http.get('/metrics').set('Authorization', `Bearer ${WEBHOOK_KEY}`).expect(404);
      expect((await t.http.get('/api/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`)).status).not.toBe(200);
    });
  });

  describe('with METRICS_TOKEN', () => {
    let t: TestApp;
    // The outbox worker stays out of the way: the due text below stays due.
    beforeAll(async () => {
      t = await createTestApp({ METRICS_TOKEN, SMS_OUTBOX_POLL_MS: '60000' });
    });
    afterEach(() => {
      t.vonage.mode = 'accept';
    });
    afterAll(() => t.close());

    const scrape = async () => {
      const res = await t.http.get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`).expect(200);
      return { res, samples: samples(res.text) };
    };
    const value = (all: ReturnType<typeof samples>, name: string, labels: Record<string, string> = {}) =>
      all
        .filter(
          (sample) =>
            sample.name === name && Object.entries(labels).every(([key, wanted]) => sample.labels[key] === wanted),
        )
        .reduce((sum, sample) => sum + sample.value, 0);

    it('refuses a scrape without the token, with a wrong one, and with the webhook key', async () => {
      await t.http.get('/metrics').expect(401);
      await t.http.get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}x`).expect(401);
      await t.http.get('/metrics').set('Authorization', METRICS_TOKEN).expect(401);
      await t.http.get('/metrics').set('Authorization', `Bearer ${WEBHOOK_KEY}`).expect(401);
      await t.http.get('/metrics').set('X-API-Key', METRICS_TOKEN).expect(401);
    });

    it('answers the Prometheus text format, with the process metrics and event-loop lag', async () => {
      const { res, samples: all } = await scrape();
      expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(res.text).toContain('# TYPE voicecrm_tool_call_duration_seconds histogram');
      expect(res.text).toContain('# TYPE voicecrm_webhook_answers_total counter');
      expect(res.text).toContain('# TYPE voicecrm_sms_outcomes_total counter');
      const names = new Set(all.map((sample) => sample.name));
      for (const name of ['process_cpu_seconds_total', 'process_resident_memory_bytes', 'nodejs_eventloop_lag_seconds'])
        expect([name, names.has(name)]).toEqual([name, true]);
    });

    it('counts tool calls by tool, status and platform, and webhook answers by HTTP status', async () => {
      const before = (await scrape()).samples;
      const lead = await t.tool(
        'create_lead',
        { first_name: 'Ana', phone: '+17865550198' },
        { callId: 'metrics-lead' },
      );
      expect(lead.body.status).toBe('created');
      const unknown = await t.tool('no_such_tool', {}, { callId: 'metrics-unknown' });
      expect(unknown.body.status).toBe('noted');
      const refused = await t.tool('create_lead', { first_name: 'Eve' }, { key: 'not-a-key-at-all' });
      expect(refused.status).toBe(401);
      expect(await t.rows('leads')).toHaveLength(1);

      const after = (await scrape()).samples;
      const delta = (name: string, labels: Record<string, string> = {}) =>
        value(after, name, labels) - value(before, name, labels);
      const count = 'voicecrm_tool_call_duration_seconds_count';
      expect(delta(count, { tool: 'create_lead', status: 'created', platform: 'voip' })).toBe(1);
      // A function the platform does not have is one series, whatever its name: callers cannot add series.
      expect(delta(count, { tool: 'unknown', status: 'noted', platform: 'voip' })).toBe(1);
      expect(after.some((sample) => sample.labels.tool === 'no_such_tool')).toBe(false);
      // The call refused for its key never reached the log, so it is not a tool call.
      expect(delta(count)).toBe(2);
      expect([lead.status, unknown.status]).toEqual([200, 200]);
      expect(delta('voicecrm_webhook_answers_total', { code: '200' })).toBe(2);
      expect(delta('voicecrm_webhook_answers_total', { code: '401' })).toBe(1);
      expect(delta('voicecrm_webhook_answers_total')).toBe(3);
      // The histogram's buckets hold the same calls.
      expect(delta('voicecrm_tool_call_duration_seconds_bucket', { tool: 'create_lead', le: '+Inf' })).toBe(1);
      // The log rows the metrics stand beside.
      const logged = await t.rows<{ function_name: string }>('tool_calls', '"callId" IN (?, ?)', [
        'metrics-lead',
        'metrics-unknown',
      ]);
      expect(logged.map((row) => row.function_name).sort()).toEqual(['create_lead', 'no_such_tool']);
    });

    it('counts SMS outcomes: a sent text, one refused before sending, and a failed attempt left due', async () => {
      const before = (await scrape()).samples;
      expect((await t.tool('send_sms', SMS_ARGS, { callId: 'metrics-sms' })).body.status).toBe('sent');
      await t.tool('send_sms', { ...SMS_ARGS, to_phone: '+19005550100' }, { callId: 'metrics-premium' });
      t.vonage.mode = 'server-error';
      await t.tool('send_sms', SMS_ARGS, { callId: 'metrics-queued' });

      const after = (await scrape()).samples;
      const delta = (outcome: string) =>
        value(after, 'voicecrm_sms_outcomes_total', { outcome }) -
        value(before, 'voicecrm_sms_outcomes_total', { outcome });
      expect(delta('sent')).toBe(1);
      expect(delta('destination_refused')).toBe(1);
      expect(delta('queued')).toBe(1);
      const rows = await t.rows<{ callId: string; status: string }>('sms_messages', '"callId" LIKE ?', ['metrics-%']);
      expect(Object.fromEntries(rows.map((row) => [row.callId, row.status]))).toEqual({
        'metrics-sms': 'sent',
        'metrics-premium': 'blocked',
        'metrics-queued': 'queued',
      });
    });

    it('reads the outbox backlog on each scrape: how many texts are due and how long the oldest has waited', async () => {
      const queued = await t.rows<{ id: string }>('sms_messages', '"callId" = ?', ['metrics-queued']);
      expect(queued).toHaveLength(1);
      // Due for two minutes (its retry time, moved into the past).
      await t.dataSource
        .getRepository('SmsMessage')
        .update({ id: queued[0].id }, { nextAttemptAt: new Date(Date.now() - 120_000) });
      const { samples: all } = await scrape();
      expect(value(all, 'voicecrm_sms_outbox_due')).toBe(1);
      expect(value(all, 'voicecrm_sms_outbox_oldest_due_age_seconds')).toBeGreaterThanOrEqual(120);
    });
  });
});
