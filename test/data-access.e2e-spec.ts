import { randomUUID } from 'node:crypto';

import type { SqlDialect } from '../src/database/sql-dialect';
import type { SmsOutboxRepository } from '../src/sms/outbox/sms-outbox.repository';
import { createTestApp, onPostgres, TestApp } from './support/test-app';

interface OptOutRow {
  phone: string;
  optedOut: boolean | number;
  keyword: string;
}

interface ClaimedRow {
  id: string;
  status: string;
  attempts: number;
  leaseOwner: string | null;
}

/** The app's SqlDialect: a factory provider, so found by its instance (each app loads its own copy of the class). */
function dialectOf(t: TestApp): SqlDialect {
  for (const module of t.app.get(t.core.ModulesContainer).values()) {
    for (const wrapper of module.providers.values()) {
      const instance = wrapper.instance as object | null | undefined;
      if (instance?.constructor.name === 'SqlDialect') return instance as SqlDialect;
    }
  }
  throw new Error('no SqlDialect provider');
}

// The outbox worker must not claim this suite's rows: its first round comes after the suite ends.
const IDLE_WORKER = { SMS_OUTBOX_POLL_MS: '60000' };

describe('the data-access helper (SqlDialect) and its repositories', () => {
  let t: TestApp;
  let sql: SqlDialect;
  beforeAll(async () => {
    t = await createTestApp(IDLE_WORKER);
    sql = dialectOf(t);
  });
  afterAll(() => t.close());

  const optOut = (phone: string, keyword = 'STOP') => ({
    phone,
    optedOut: keyword === 'STOP',
    keyword,
    providerMessageId: null,
    changedAt: new Date('2026-01-02T03:04:05Z'),
    updatedAt: new Date(),
  });
  const optOutRows = (phone: string) => t.rows<OptOutRow>('sms_opt_outs', 'phone = ?', [phone]);

  it('numbers placeholders as the database does, and its statements run there', async () => {
    expect([sql.parameter(0), sql.parameter(2)]).toEqual(onPostgres ? ['$1', '$3'] : ['?', '?']);
    const next = sql.placeholders();
    expect([next(), next()]).toEqual(onPostgres ? ['$1', '$2'] : ['?', '?']);
    expect(sql.table('SmsOptOut')).toBe('"sms_opt_outs"');
    expect(sql.column('SmsOptOut', 'changedAt')).toBe('"changedAt"');

    await sql.run(sql.insert('SmsOptOut', [optOut('+17865550001'), optOut('+17865550002', 'START')]));

    expect(await optOutRows('+17865550001')).toEqual([expect.objectContaining({ keyword: 'STOP' })]);
    const [started] = await optOutRows('+17865550002');
    expect(started).toMatchObject({ keyword: 'START' });
    expect(Boolean(started.optedOut)).toBe(false);
  });

  it('answers the rows an upsert wrote through RETURNING, and none when it wrote nothing', async () => {
    const update = sql.upsert('SmsOptOut', 1, {
      columns: ['phone', 'optedOut', 'keyword', 'providerMessageId', 'changedAt', 'updatedAt'],
      conflict: ['phone'],
      update: ['optedOut', 'keyword', 'updatedAt'],
      returning: ['phone', 'keyword'],
    });
    const ignore = sql.upsert('SmsOptOut', 1, {
      columns: ['phone', 'optedOut', 'keyword', 'providerMessageId', 'changedAt', 'updatedAt'],
      conflict: ['phone'],
      returning: ['phone'],
    });
    const upsert = (statement: typeof update, row: ReturnType<typeof optOut>) =>
      sql.rows<{ phone: string; keyword?: string }>({ sql: statement.sql, parameters: sql.values(statement, [row]) });

    expect(ignore.sql).toContain('DO NOTHING');
    expect(await upsert(update, optOut('+17865550003'))).toEqual([{ phone: '+17865550003', keyword: 'STOP' }]);
    expect(await upsert(update, optOut('+17865550003', 'UNSTOP'))).toEqual([
      { phone: '+17865550003', keyword: 'UNSTOP' },
    ]);
    expect(await upsert(ignore, optOut('+17865550003', 'STOP'))).toEqual([]);

    const rows = await optOutRows('+17865550003');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ keyword: 'UNSTOP' });
    expect(Boolean(rows[0].optedOut)).toBe(false);
  });

  it('writes an atomic batch whole, or nothing of it when a statement fails', async () => {
    await sql.runAtomically([
      sql.insert('SmsOptOut', [optOut('+17865550004')]),
      sql.insert('SmsOptOut', [optOut('+17865550005')]),
    ]);
    expect(await optOutRows('+17865550004')).toHaveLength(1);
    expect(await optOutRows('+17865550005')).toHaveLength(1);

    // The second statement repeats a stored phone: the first one's row must not stay either.
    const failed = sql.runAtomically([
      sql.insert('SmsOptOut', [optOut('+17865550006')]),
      sql.insert('SmsOptOut', [optOut('+17865550004', 'START')]),
    ]);
    await expect(failed).rejects.toThrow(/unique|duplicate/i);

    expect(await optOutRows('+17865550006')).toEqual([]);
    expect(await optOutRows('+17865550004')).toEqual([expect.objectContaining({ keyword: 'STOP' })]);
  });

  it('never hands one due text to two claimers claiming at once', async () => {
    const due = new Date(Date.now() - 60_000);
    const texts = Array.from({ length: 30 }, (_, index) => ({
      id: randomUUID(),
      tenantId: 'tenant-a',
      callId: `claim-race-${index}`,
      toPhone: '+17865550100',
      body: `Text ${index}`,
      purpose: null,
      callerName: null,
      requestedBy: 'voice_agent',
      status: 'queued',
      provider: 'vonage',
      attempts: 0,
      nextAttemptAt: due,
      createdAt: due,
      updatedAt: due,
    }));
    await sql.run(sql.insert('SmsMessage', texts));

    const outbox = t.provider<SmsOutboxRepository>('SmsOutboxRepository');
    const leaseExpiresAt = new Date(Date.now() + 600_000);
    const claims = new Map<string, string[]>();
    // Rounds of six claimers at once, four texts each at most, until none is left.
    for (let round = 0; round < 10; round += 1) {
      const owners = Array.from({ length: 6 }, (_, index) => `claimer-${round}-${index}`);
      const claimed = await Promise.all(owners.map((owner) => outbox.claimDue(owner, leaseExpiresAt, 4)));
      owners.forEach((owner, index) =>
        claims.set(
          owner,
          claimed[index].map((sms) => sms.id),
        ),
      );
      if (claimed.every((list) => list.length === 0)) break;
    }

    const handed = [...claims.values()].flat();
    expect(new Set(handed).size).toBe(handed.length);
    expect(handed.sort()).toEqual(texts.map((text) => text.id).sort());
    const rows = await t.rows<ClaimedRow>('sms_messages', '"callId" LIKE ?', ['claim-race-%']);
    expect(rows).toHaveLength(30);
    for (const [owner, ids] of claims) {
      for (const id of ids) {
        expect(rows.find((row) => row.id === id)).toMatchObject({ status: 'sending', attempts: 1, leaseOwner: owner });
      }
    }
  });

  it('pings the database', async () => {
    await expect(sql.ping()).resolves.toBeUndefined();
  });
});
