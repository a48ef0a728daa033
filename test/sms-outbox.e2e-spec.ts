import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { SmsOutboxService } from '../src/sms/outbox/sms-outbox.service';
import { Spoken } from '../src/tools-webhook/spoken/spoken-messages';
import { refuseWrites } from './support/fault-injection';
import { createTestApp, onPostgres, TENANT, TestApp } from './support/test-app';

interface SmsRow {
  id: string;
  status: string;
  attempts: number;
  error: string | null;
  providerMessageId: string | null;
  leaseOwner: string | null;
  callId: string;
}

/** Quick retries, so that the outbox's work can be watched. */
const FAST_OUTBOX = { SMS_RETRY_BASE_MS: '100', SMS_OUTBOX_POLL_MS: '50', SMS_MAX_ATTEMPTS: '3', SMS_LEASE_MS: '1000' };
const TEXT = (n: string) => ({ to_phone: '+17865550142', message: `Outbox text ${n}` });

/** A time as the dialect's timestamp column takes it in raw SQL (TypeORM writes UTC text on SQLite). */
const dbTime = (date: Date) => (onPostgres ? date : date.toISOString().replace('T', ' ').replace('Z', ''));

/** Polls until `read` gives what `done` accepts (the outbox works in the background). */
async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  label: string,
  timeoutMs = 15_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > until) throw new Error(`${label}: still ${JSON.stringify(value)} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the SMS outbox', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ ...FAST_OUTBOX, SMS_MAX_PER_CALL: '50' });
  });
  afterEach(() => {
    t.vonage.mode = 'accept';
  });
  afterAll(() => t.close());

  const row = async (callId: string) => (await t.rows<SmsRow>('sms_messages', '"callId" = ?', [callId]))[0];
  const receivedText = (text: string) => t.vonage.received.filter((sms) => sms.text === text);

  it('retries a throttled text after a backoff, and it arrives once', async () => {
    t.vonage.mode = 'throttle';
    const res = await t.tool('send_sms', TEXT('retry'), { callId: 'outbox-retry' });
    expect(res.body).toEqual({ status: 'failed', message: Spoken.smsQueued('0142'), sms_id: expect.any(String) });
    t.vonage.mode = 'accept';

    const sent = await eventually(
      () => row('outbox-retry'),
      (sms) => sms.status === 'sent',
      'the retried text',
    );
    expect(sent).toMatchObject({ attempts: 2, error: null, leaseOwner: null, providerMessageId: expect.any(String) });
    expect(receivedText('Outbox text retry')).toHaveLength(1);
    expect(receivedText('Outbox text retry')[0].clientRef).toBe(sent.id);
  });

  it('gives up after SMS_MAX_ATTEMPTS transient failures, and says why', async () => {
    t.vonage.mode = 'server-error';
    const before = t.vonage.requests;
    await t.tool('send_sms', TEXT('give-up'), { callId: 'outbox-give-up' });

    const failed = await eventually(
      () => row('outbox-give-up'),
      (sms) => sms.status === 'failed',
      'the text that keeps failing',
    );
    expect(failed.attempts).toBe(3);
    expect(failed.error).toMatch(/HTTP 503.*gave up after 3 attempts/);
    expect(t.vonage.requests - before).toBe(3);
  });

  it('never retries a refusal', async () => {
    t.vonage.mode = 'reject-number';
    const before = t.vonage.requests;
    await t.tool('send_sms', TEXT('refused'), { callId: 'outbox-refused' });
    // Several poll rounds pass; a refused text is not among the due ones.
    await new Promise((resolve) => setTimeout(resolve, 400));

    expect(await row('outbox-refused')).toMatchObject({ status: 'failed', attempts: 1 });
    expect(t.vonage.requests - before).toBe(1);
  });

  it('takes over a text whose instance died mid-send once its lease lapses, and leaves live leases alone', async () => {
    t.vonage.mode = 'throttle';
    await t.tool('send_sms', TEXT('lapsed'), { callId: 'outbox-lapsed' });
    await t.tool('send_sms', TEXT('held'), { callId: 'outbox-held' });
    // Only a row the worker is not sending right now can be staged as another instance's: an
    // UPDATE over one mid-retry would steal its lease, and that retry would also deliver. So each
    // row is first parked (queued, not due) as soon as the worker has put it back.
    const update = async (set: string, callId: string, parameters: unknown[]): Promise<number | undefined> => {
      const placeholders = onPostgres
        ? set.replace(
            /\?/g,
            (() => {
              let index = 0;
              return () => `$${++index}`;
            })(),
          )
        : set;
      const last = onPostgres ? `$${parameters.length + 1}` : '?';
      const sql = `UPDATE sms_messages SET ${placeholders} WHERE "callId" = ${last} AND status = 'queued' RETURNING attempts`;
      const result: unknown = await t.dataSource.query(sql, [...parameters, callId]);
      // TypeORM hands PostgreSQL's UPDATE back as [rows, count], SQLite's as rows.
      const rows = (onPostgres ? (result as [unknown[]])[0] : result) as Array<{ attempts: number }>;
      return rows.length === 0 ? undefined : Number(rows[0].attempts);
    };
    const park = (callId: string) =>
      eventually(
        () => update('"nextAttemptAt" = ?', callId, [dbTime(new Date(Date.now() + 600_000))]),
        (attempts) => attempts !== undefined,
        `${callId} parked`,
      );
    await park('outbox-lapsed');
    await park('outbox-held');
    t.vonage.mode = 'accept';
    // As an instance leaves them when it dies mid-send: claimed, lease running out or not.
    const claim = async (owner: string, leaseExpiresAt: Date, callId: string) =>
      (await update(`status = 'sending', "leaseOwner" = ?, "leaseExpiresAt" = ?`, callId, [
        owner,
        dbTime(leaseExpiresAt),
      ]))!;
    await claim('live-instance', new Date(Date.now() + 600_000), 'outbox-held');
    const attemptsWhenClaimed = await claim('crashed-instance', new Date(Date.now() - 1000), 'outbox-lapsed');

    const taken = await eventually(
      () => row('outbox-lapsed'),
      (sms) => sms.status === 'sent',
      'the lapsed text',
    );
    expect(taken).toMatchObject({ attempts: attemptsWhenClaimed + 1, leaseOwner: null });
    expect(receivedText('Outbox text lapsed')).toHaveLength(1);
    expect(await row('outbox-held')).toMatchObject({ status: 'sending', leaseOwner: 'live-instance' });
    expect(receivedText('Outbox text held')).toHaveLength(0);
  });

  it('tells the caller the truth when the provider took the text but the database could not record it', async () => {
    const restore = await refuseWrites(t, 'sms_messages', 'UPDATE', `NEW.status = 'sent'`);
    let res;
    try {
      res = await t.tool('send_sms', TEXT('unrecorded'), { callId: 'outbox-unrecorded' });
      expect(await row('outbox-unrecorded')).toMatchObject({ status: 'sending' });
    } finally {
      await restore();
    }

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'sent', message: Spoken.smsSent('0142'), sms_id: expect.any(String) });
    const recorded = await eventually(
      () => row('outbox-unrecorded'),
      (sms) => sms.status === 'sent',
      'the acceptance, written late',
    );
    expect(recorded.providerMessageId).toEqual(expect.any(String));
    expect(receivedText('Outbox text unrecorded')).toHaveLength(1);
  });

  it('sends nothing to a number that opted out, and tells the caller why', async () => {
    const optOut = `INSERT INTO sms_opt_outs (phone, "optedOut", keyword, "providerMessageId", "changedAt", "updatedAt") VALUES (${onPostgres ? '$1, true, $2, NULL, $3, $4' : '?, 1, ?, NULL, ?, ?'})`;
    await t.dataSource.query(optOut, ['+17865550143', 'STOP', dbTime(new Date()), dbTime(new Date())]);
    const before = t.vonage.requests;
    const res = await t.tool(
      'send_sms',
      { to_phone: '786-555-0143', message: 'Opted out?' },
      { callId: 'outbox-stop' },
    );

    expect(res.body).toEqual({ status: 'failed', message: Spoken.smsOptedOut('0143'), sms_id: expect.any(String) });
    expect(await row('outbox-stop')).toMatchObject({
      status: 'blocked',
      attempts: 0,
      error: expect.stringMatching(/opted out/),
    });
    expect(t.vonage.requests).toBe(before);
  });

  it('reports the backlog in readiness', async () => {
    const ready = await t.http.get('/health/ready').expect(200);
    expect(ready.body.details.smsOutbox).toMatchObject({
      status: 'up',
      due: expect.any(Number),
      oldestDueSeconds: expect.any(Number),
    });
  });
});

describe('SMS caps (SMS_MAX_PER_CALL, SMS_MAX_PER_TENANT_HOUR, and a tenant’s own)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ SMS_MAX_PER_CALL: '2', SMS_MAX_PER_TENANT_HOUR: '3' });
  });
  afterAll(() => t.close());

  const statuses = async (callId: string) =>
    (await t.rows<SmsRow>('sms_messages', '"callId" = ? ORDER BY "createdAt"', [callId])).map((sms) => sms.status);

  it('declines the text over the per-call cap gracefully and records why for staff', async () => {
    const answers = [];
    for (const n of ['1', '2', '3']) answers.push(await t.tool('send_sms', TEXT(`cap ${n}`), { callId: 'cap-call' }));

    expect(answers.map((answer) => answer.body.status)).toEqual(['sent', 'sent', 'failed']);
    expect(answers[2].body.message).toBe(Spoken.smsCapReached);
    expect(await statuses('cap-call')).toEqual(['sent', 'sent', 'blocked']);
    const [logged] = await t.rows<{ error: string }>('tool_calls', '"callId" = ? AND status = ?', [
      'cap-call',
      'failed',
    ]);
    expect(logged.error).toBe('SMS cap reached: 2 segments per call');
    expect(t.vonage.received.filter((sms) => sms.text.startsWith('Outbox text cap'))).toHaveLength(2);
  });

  it('declines texts over the tenant’s hourly cap, in that tenant only', async () => {
    await t.tool('send_sms', TEXT('hour 1'), { callId: 'cap-hour-1' });
    const over = await t.tool('send_sms', TEXT('hour 2'), { callId: 'cap-hour-2' });
    const otherTenant = await t.tool('send_sms', TEXT('hour other'), { callId: 'cap-hour-2', tenantId: 'tenant-b' });

    expect(over.body).toMatchObject({ status: 'failed', message: Spoken.smsCapReached });
    expect(await statuses('cap-hour-2')).toEqual(['blocked', 'sent']);
    expect(otherTenant.body.status).toBe('sent');
  });

  it('follows a tenant’s own caps over the environment’s', async () => {
    const owner = await t.staffToken();
    const tenants = await t.http.get('/api/tenants').set('Authorization', `Bearer ${owner}`).expect(200);
    const tenant = (tenants.body as Array<{ id: string; platformTenantId: string }>).find(
      (item) => item.platformTenantId === TENANT,
    )!;
    await t.http
      .patch(`/api/tenants/${tenant.id}`)
      .set('Authorization', `Bearer ${owner}`)
      .send({ smsMaxPerHour: 10, smsMaxPerCall: 1 })
      .expect(200);
    const rejected = await t.http
      .patch(`/api/tenants/${tenant.id}`)
      .set('Authorization', `Bearer ${owner}`)
      .send({ smsMaxPerCall: 0 })
      .expect(400);
    expect(JSON.stringify(rejected.body)).toContain('smsMaxPerCall');

    const first = await t.tool('send_sms', TEXT('own 1'), { callId: 'cap-own' });
    const second = await t.tool('send_sms', TEXT('own 2'), { callId: 'cap-own' });
    expect([first.body.status, second.body.status]).toEqual(['sent', 'failed']);
    const [row] = await t.rows<{ smsMaxPerCall: number; smsMaxPerHour: number }>('tenants', '"platformTenantId" = ?', [
      TENANT,
    ]);
    expect(row).toMatchObject({ smsMaxPerCall: 1, smsMaxPerHour: 10 });
  });
});

describe('two app instances on one database', () => {
  let a: TestApp;
  let b: TestApp;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'voice-crm-shared-'));
    // Retries spaced out enough that no text gives up while the provider throttles.
    const shared = {
      ...FAST_OUTBOX,
      SMS_RETRY_BASE_MS: '300',
      SMS_MAX_ATTEMPTS: '20',
      SMS_MAX_PER_CALL: '100',
      SQLITE_PATH: join(dataDir, 'crm.sqlite'),
    };
    a = await createTestApp(shared);
    b = await createTestApp(shared, { keepDatabase: true });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('never claims one text for both, and every queued text is sent exactly once', async () => {
    a.vonage.mode = 'throttle';
    b.vonage.mode = 'throttle';
    for (let n = 0; n < 30; n += 1) await a.tool('send_sms', TEXT(`shared ${n}`), { callId: 'shared-outbox' });
    expect(
      await a.rows('sms_messages', '"callId" = ? AND status IN (?, ?)', ['shared-outbox', 'queued', 'sending']),
    ).toHaveLength(30);

    // Both instances' workers claim side by side, every 50 ms, while the texts come due.
    const outboxes = [
      a.provider<SmsOutboxService>('SmsOutboxService'),
      b.provider<SmsOutboxService>('SmsOutboxService'),
    ];
    expect(outboxes[0].instanceId).not.toBe(outboxes[1].instanceId);
    a.vonage.mode = 'accept';
    b.vonage.mode = 'accept';
    const sent = await eventually(
      () => a.rows<SmsRow>('sms_messages', '"callId" = ? AND status = ?', ['shared-outbox', 'sent']),
      (rows) => rows.length === 30,
      'the shared outbox',
    );

    const received = [...a.vonage.received, ...b.vonage.received].filter((sms) =>
      sms.text.startsWith('Outbox text shared'),
    );
    expect(received).toHaveLength(30);
    expect(new Set(received.map((sms) => sms.clientRef)).size).toBe(30);
    expect(new Set(sent.map((sms) => sms.id))).toEqual(new Set(received.map((sms) => sms.clientRef)));
  });

  it('hands out each due row to one claimer when both claim at the same moment', async () => {
    a.vonage.mode = 'throttle';
    for (let n = 0; n < 20; n += 1) await a.tool('send_sms', TEXT(`race ${n}`), { callId: 'race-outbox' });
    // Make all of them due now, then claim from both instances at once.
    await a.dataSource.query(
      onPostgres
        ? `UPDATE sms_messages SET "nextAttemptAt" = $1 WHERE "callId" = $2`
        : `UPDATE sms_messages SET "nextAttemptAt" = ? WHERE "callId" = ?`,
      [dbTime(new Date(Date.now() - 1000)), 'race-outbox'],
    );
    const claims = await Promise.all(
      [a, b, a, b].map((app) => app.provider<SmsOutboxService>('SmsOutboxService').claimDue(10)),
    );
    const ids = claims.flat().map((sms) => sms.id);
    expect(new Set(ids).size).toBe(ids.length);
    a.vonage.mode = 'accept';
  });
});
