import { randomUUID } from 'node:crypto';

import { vonageSignature } from '../src/vonage-webhooks/vonage-signature';
import { createTestApp, TestApp } from './support/test-app';
import { bool, instant } from './support/values';

const SECRET = 'e2e-signature-secret-0123456789abcdef';
const TOKEN = 'e2e-path-token-0123456789abcdefABCDEF';
const RECEIPT = '/api/webhooks/vonage/delivery-receipt';
const INBOUND = '/api/webhooks/vonage/inbound';

interface SmsRow {
  id: string;
  toPhone: string;
  status: string;
  providerMessageId: string | null;
  error: string | null;
  receiptStatus: string | null;
  receiptAt: string | Date | null;
}

interface OptOutRow {
  phone: string;
  optedOut: unknown;
  keyword: string;
  providerMessageId: string | null;
  changedAt: string | Date;
}

type Params = Record<string, string>;

/** Vonage's message-timestamp: UTC, "YYYY-MM-DD HH:MM:SS", `minutesAgo` before now. */
function vonageTime(minutesAgo: number): string {
  const time = new Date(Math.floor(Date.now() / 1000) * 1000 - minutesAgo * 60_000);
  return time.toISOString().slice(0, 19).replace('T', ' ');
}

const asInstant = (vonageTimestamp: string) => new Date(`${vonageTimestamp.replace(' ', 'T')}Z`).getTime();

/** As Vonage signs a webhook: a timestamp, a nonce, and sig over all of it. */
function signed(params: Params, secret = SECRET, method: 'md5hash' | 'sha256' = 'sha256'): Params {
  const stamped = { ...params, timestamp: String(Math.floor(Date.now() / 1000)), nonce: randomUUID() };
  return { ...stamped, sig: vonageSignature(stamped, secret, method) };
}

/** A delivery receipt as Vonage's SMS API sends it, for a text we sent. */
function receipt(sms: SmsRow, status: string, messageTimestamp: string, overrides: Params = {}): Params {
  return {
    msisdn: sms.toPhone.replace('+', ''),
    to: 'VoiceCRM',
    'network-code': '310260',
    messageId: sms.providerMessageId ?? '',
    price: '0.00750000',
    status,
    scts: '2501311405',
    'err-code': status === 'delivered' || status === 'accepted' || status === 'buffered' ? '0' : '6',
    'api-key': 'test-api-key',
    'client-ref': sms.id,
    'message-timestamp': messageTimestamp,
    ...overrides,
  };
}

/** An inbound text as Vonage's SMS API forwards it. */
function inbound(phone: string, text: string, messageTimestamp: string, messageId: string = randomUUID()): Params {
  return {
    msisdn: phone.replace('+', ''),
    to: '12015550123',
    messageId,
    text,
    type: 'text',
    keyword: text.split(' ')[0].toUpperCase(),
    'api-key': 'test-api-key',
    'message-timestamp': messageTimestamp,
  };
}

/** A text sent through the real path (send_sms → SDK → fake Vonage), as its row stands. */
async function sentSms(t: TestApp, toPhone: string): Promise<SmsRow> {
  const callId = `vonage-${randomUUID()}`;
  const res = await t.tool('send_sms', { to_phone: toPhone, message: 'hi' }, { callId });
  expect(res.status).toBe(200);
  const [row] = await t.rows<SmsRow>('sms_messages', '"callId" = ?', [callId]);
  expect(row).toMatchObject({
    status: 'sent',
    providerMessageId: expect.any(String),
    receiptStatus: null,
    receiptAt: null,
  });
  expect(t.vonage.received.at(-1)?.clientRef).toBe(row.id);
  return row;
}

const smsRow = async (t: TestApp, id: string) => (await t.rows<SmsRow>('sms_messages', 'id = ?', [id]))[0];
const optOut = async (t: TestApp, phone: string) => (await t.rows<OptOutRow>('sms_opt_outs', 'phone = ?', [phone]))[0];

describe('Vonage webhooks signed with VONAGE_SIGNATURE_SECRET', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ VONAGE_SIGNATURE_SECRET: SECRET, VONAGE_SIGNATURE_METHOD: 'sha256' });
  });
  afterEach(() => {
    t.vonage.mode = 'accept';
  });
  afterAll(() => t.close());

  describe('delivery receipts', () => {
    it('marks a text delivered (JSON), then ignores the same receipt again and older ones', async () => {
      const sms = await sentSms(t, '+17865550111');
      const deliveredAt = vonageTime(2);
      await t.http
        .post(RECEIPT)
        .send(signed(receipt(sms, 'delivered', deliveredAt)))
        .expect(204);
      const delivered = await smsRow(t, sms.id);
      expect(delivered).toMatchObject({ status: 'delivered', receiptStatus: 'delivered', error: null });
      expect(instant(delivered.receiptAt)).toBe(asInstant(deliveredAt));

      // Vonage re-sends: the same receipt, and the same status reported later, change nothing.
      await t.http
        .post(RECEIPT)
        .send(signed(receipt(sms, 'delivered', deliveredAt)))
        .expect(204);
      await t.http
        .post(RECEIPT)
        .send(signed(receipt(sms, 'delivered', vonageTime(1))))
        .expect(204);
      expect(await smsRow(t, sms.id)).toEqual(delivered);

      // Out of order: receipts older than the one applied change nothing, final or not.
      await t.http
        .post(RECEIPT)
        .send(signed(receipt(sms, 'accepted', vonageTime(3))))
        .expect(204);
      await t.http
        .post(RECEIPT)
        .send(signed(receipt(sms, 'failed', vonageTime(3))))
        .expect(204);
      expect(await smsRow(t, sms.id)).toEqual(delivered);
    });

    it('clamps a receipt stamped in the future to its arrival, so a later receipt still applies', async () => {
      const sms = await sentSms(t, '+17865550112');
      const before = Date.now();
      await t.http
        .post(RECEIPT)
        .send(signed(receipt(sms, 'accepted', '2099-01-01 00:00:00')))
        .expect(204);
      const accepted = await smsRow(t, sms.id);
      expect(accepted.receiptStatus).toBe('accepted');
      expect(instant(accepted.receiptAt)).toBeGreaterThanOrEqual(before - 1000);
      expect(instant(accepted.receiptAt)).toBeLessThanOrEqual(Date.now());

      await t.http
        .post(RECEIPT)
        .send(signed(receipt(sms, 'delivered', vonageTime(-1))))
        .expect(204);
      expect(await smsRow(t, sms.id)).toMatchObject({ status: 'delivered', receiptStatus: 'delivered' });
    });

    it('marks a text failed (form-encoded, as Vonage posts by default) with a readable reason', async () => {
      const sms = await sentSms(t, '+17865550112');
      const failedAt = vonageTime(1);
      await t.http
        .post(RECEIPT)
        .type('form')
        .send(signed(receipt(sms, 'failed', failedAt)))
        .expect(204);
      const failed = await smsRow(t, sms.id);
      expect(failed).toMatchObject({
        status: 'failed',
        receiptStatus: 'failed',
        error: 'Vonage delivery receipt: failed (err-code 6: Anti-Spam Rejection)',
      });
      expect(instant(failed.receiptAt)).toBe(asInstant(failedAt));
    });

    it.each(['expired', 'rejected'])('marks a text %s', async (status) => {
      const sms = await sentSms(t, status === 'expired' ? '+17865550113' : '+17865550114');
      await t.http
        .post(RECEIPT)
        .type('form')
        .send(signed(receipt(sms, status, vonageTime(1))))
        .expect(204);
      expect(await smsRow(t, sms.id)).toMatchObject({
        status,
        receiptStatus: status,
        error: expect.stringContaining(`Vonage delivery receipt: ${status}`),
      });
    });

    it('notes interim receipts without changing the status, and never lets one undo a final status', async () => {
      const sms = await sentSms(t, '+17865550115');
      await t.http
        .post(RECEIPT)
        .send(signed(receipt(sms, 'buffered', vonageTime(5))))
        .expect(204);
      expect(await smsRow(t, sms.id)).toMatchObject({ status: 'sent', receiptStatus: 'buffered' });
      await t.http
        .post(RECEIPT)
        .send(signed(receipt(sms, 'accepted', vonageTime(4))))
        .expect(204);
      expect(await smsRow(t, sms.id)).toMatchObject({ status: 'sent', receiptStatus: 'accepted' });

      await t.http
        .post(RECEIPT)
        .send(signed(receipt(sms, 'delivered', vonageTime(3))))
        .expect(204);
      const delivered = await smsRow(t, sms.id);
      expect(delivered).toMatchObject({ status: 'delivered', receiptStatus: 'delivered' });
      // Later by Vonage's clock, but interim: a delivered text stays delivered.
      await t.http
        .post(RECEIPT)
        .send(signed(receipt(sms, 'buffered', vonageTime(1))))
        .expect(204);
      expect(await smsRow(t, sms.id)).toEqual(delivered);
    });

    it('lets a newer final receipt replace an older final one', async () => {
      const sms = await sentSms(t, '+17865550116');
      await t.http
        .post(RECEIPT)
        .send(signed(receipt(sms, 'failed', vonageTime(3))))
        .expect(204);
      await t.http
        .post(RECEIPT)
        .send(signed(receipt(sms, 'delivered', vonageTime(1))))
        .expect(204);
      expect(await smsRow(t, sms.id)).toMatchObject({ status: 'delivered', receiptStatus: 'delivered', error: null });
    });

    it('applies receipts that arrive together as if one at a time: the newest final one wins', async () => {
      const sms = await sentSms(t, '+17865550122');
      const newest = vonageTime(1);
      const receipts = [
        receipt(sms, 'accepted', vonageTime(5)),
        receipt(sms, 'failed', vonageTime(3)),
        receipt(sms, 'delivered', newest),
        receipt(sms, 'buffered', vonageTime(4)),
      ];
      const answers = await Promise.all(
        [...receipts, ...receipts].map((body) => t.http.post(RECEIPT).send(signed(body))),
      );
      expect(answers.map((res) => res.status)).toEqual(Array(8).fill(204));
      const row = await smsRow(t, sms.id);
      expect(row).toMatchObject({ status: 'delivered', receiptStatus: 'delivered', error: null });
      expect(instant(row.receiptAt)).toBe(asInstant(newest));
    });

    it("finds the text by client-ref (our id) when Vonage's message id is not the one recorded", async () => {
      const sms = await sentSms(t, '+17865550117');
      await t.http
        .post(RECEIPT)
        .send(signed(receipt(sms, 'delivered', vonageTime(1), { messageId: 'part-2-of-a-long-text' })))
        .expect(204);
      expect(await smsRow(t, sms.id)).toMatchObject({ status: 'delivered', receiptStatus: 'delivered' });
    });

    it('answers 204 for a receipt of no known text, and writes nothing', async () => {
      const sms = await sentSms(t, '+17865550118');
      const before = await t.rows('sms_messages');
      const unknown = { ...sms, providerMessageId: 'no-such-message', id: randomUUID() };
      await t.http
        .post(RECEIPT)
        .send(signed(receipt(unknown, 'delivered', vonageTime(1))))
        .expect(204);
      await t.http
        .post(RECEIPT)
        .send(signed(receipt(unknown, 'delivered', vonageTime(1), { 'client-ref': 'not-a-uuid' })))
        .expect(204);
      // Not a receipt at all (no status we know): answered, so that Vonage does not retry it.
      await t.http
        .post(RECEIPT)
        .send(signed(receipt(sms, 'lost-in-space', vonageTime(1))))
        .expect(204);
      expect(await t.rows('sms_messages')).toEqual(before);
    });

    it('ignores a receipt for a text that failed to send (it never left)', async () => {
      t.vonage.mode = 'reject-number';
      const callId = `vonage-${randomUUID()}`;
      await t.tool('send_sms', { to_phone: '+17865550119', message: 'hi' }, { callId }).expect(200);
      const [sms] = await t.rows<SmsRow>('sms_messages', '"callId" = ?', [callId]);
      expect(sms).toMatchObject({ status: 'failed', providerMessageId: null });
      await t.http
        .post(RECEIPT)
        .send(signed(receipt(sms, 'delivered', vonageTime(1), { messageId: 'never-sent' })))
        .expect(204);
      expect(await smsRow(t, sms.id)).toEqual(sms);
    });

    it('answers 503 to a receipt that arrives while the text is still being sent, so that Vonage sends it again', async () => {
      const sms = await sentSms(t, '+17865550120');
      // As it stands while another instance holds it: the provider answered, our row not yet.
      await t.dataSource.getRepository('SmsMessage').update(sms.id, {
        status: 'sending',
        providerMessageId: null,
        leaseOwner: 'another-instance',
        leaseExpiresAt: new Date(Date.now() + 3_600_000),
      });
      const sending = await smsRow(t, sms.id);
      await t.http
        .post(RECEIPT)
        .send(signed(receipt(sms, 'delivered', vonageTime(1))))
        .expect(503);
      expect(await smsRow(t, sms.id)).toEqual(sending);
    });

    it('records a text queued after a timeout as sent when its receipt shows it went out, so the retry sends nothing', async () => {
      const sms = await sentSms(t, '+17865550122');
      // As a provider timeout leaves it: queued for a retry, no provider id, due later.
      await t.dataSource.getRepository('SmsMessage').update(sms.id, {
        status: 'queued',
        providerMessageId: null,
        error: 'Vonage did not answer in time',
        nextAttemptAt: new Date(Date.now() + 3_600_000),
      });
      await t.http
        .post(RECEIPT)
        .send(signed(receipt(sms, 'delivered', vonageTime(1), { messageId: 'late-provider-id' })))
        .expect(204);
      expect(await t.rows('sms_messages', '"id" = ?', [sms.id])).toEqual([
        expect.objectContaining({
          status: 'delivered',
          providerMessageId: 'late-provider-id',
          nextAttemptAt: null,
          receiptStatus: 'delivered',
        }),
      ]);
    });

    it('refuses (401) receipts not signed, signed with another secret, tampered with or stale, and writes nothing', async () => {
      const sms = await sentSms(t, '+17865550121');
      const good = receipt(sms, 'delivered', vonageTime(1));
      const stale = { ...good, timestamp: String(Math.floor(Date.now() / 1000) - 600), nonce: 'n' };
      const attempts: Array<[string, Params, 'json' | 'form']> = [
        ['unsigned', good, 'json'],
        ['another secret', signed(good, `${SECRET}-old`), 'json'],
        ['another method', signed(good, SECRET, 'md5hash'), 'form'],
        ['tampered', { ...signed(receipt(sms, 'failed', vonageTime(1))), status: 'delivered' }, 'form'],
        ['stale', { ...stale, sig: vonageSignature(stale, SECRET, 'sha256') }, 'json'],
      ];
      for (const [name, body, type] of attempts) {
        const res = await t.http.post(RECEIPT).type(type).send(body);
        expect([name, res.status]).toEqual([name, 401]);
      }
      // The path token is no substitute for the signature.
      const res = await t.http.post(`${RECEIPT}/${TOKEN}`).send(good);
      expect(res.status).toBe(401);
      expect(await smsRow(t, sms.id)).toEqual(sms);
    });
  });

  describe('inbound texts', () => {
    const PHONE = '+17865550190';

    it('records STOP as an opt-out, ignores its re-delivery, and START opts back in', async () => {
      const stop = inbound(PHONE, 'Stop', vonageTime(10), 'inbound-1');
      await t.http.post(INBOUND).type('form').send(signed(stop)).expect(204);
      const optedOut = await optOut(t, PHONE);
      expect({ ...optedOut, optedOut: bool(optedOut.optedOut) }).toMatchObject({
        phone: PHONE,
        optedOut: true,
        keyword: 'STOP',
        providerMessageId: 'inbound-1',
      });
      expect(instant(optedOut.changedAt)).toBe(asInstant(stop['message-timestamp']));

      // Vonage re-delivers the same message: nothing changes, not even the row's updatedAt.
      await t.http.post(INBOUND).type('form').send(signed(stop)).expect(204);
      expect(await optOut(t, PHONE)).toEqual(optedOut);

      await t.http
        .post(INBOUND)
        .send(signed(inbound(PHONE, 'START', vonageTime(5), 'inbound-2')))
        .expect(204);
      const optedIn = await optOut(t, PHONE);
      expect({ ...optedIn, optedOut: bool(optedIn.optedOut) }).toMatchObject({
        phone: PHONE,
        optedOut: false,
        keyword: 'START',
        providerMessageId: 'inbound-2',
      });
    });

    it('never lets an older message undo a newer one', async () => {
      const before = await optOut(t, PHONE);
      expect(bool(before.optedOut)).toBe(false);
      await t.http
        .post(INBOUND)
        .send(signed(inbound(PHONE, 'UNSUBSCRIBE', vonageTime(7), 'inbound-late')))
        .expect(204);
      expect(await optOut(t, PHONE)).toEqual(before);
    });

    it('applies texts that arrive together as if one at a time: the newest wins', async () => {
      const phone = '+17865550198';
      const texts = [
        inbound(phone, 'STOP', vonageTime(3)),
        inbound(phone, 'START', vonageTime(1), 'newest'),
        inbound(phone, 'QUIT', vonageTime(2)),
      ];
      const answers = await Promise.all([...texts, ...texts].map((body) => t.http.post(INBOUND).send(signed(body))));
      expect(answers.map((res) => res.status)).toEqual(Array(6).fill(204));
      const row = await optOut(t, phone);
      expect({ ...row, optedOut: bool(row.optedOut) }).toMatchObject({
        optedOut: false,
        keyword: 'START',
        providerMessageId: 'newest',
      });
    });

    it('recognises every opt-out and opt-in keyword', async () => {
      const keywords: Array<[string, boolean]> = [
        ['STOPALL', true],
        ['unstop', false],
        ['cancel.', true],
        ['Start please', false],
        ['END', true],
        ['UNSTOP', false],
        ['Quit', true],
      ];
      for (const [index, [text, optedOut]] of keywords.entries()) {
        await t.http
          .post(INBOUND)
          .type('form')
          .send(signed(inbound('+17865550191', text, vonageTime(30 - index))))
          .expect(204);
        const row = await optOut(t, '+17865550191');
        expect([text, bool(row.optedOut)]).toEqual([text, optedOut]);
      }
    });

    it('answers 204 to a text that is not a keyword, and records nothing', async () => {
      await t.http
        .post(INBOUND)
        .send(signed(inbound('+17865550192', 'Please stop by at 5', vonageTime(1))))
        .expect(204);
      await t.http
        .post(INBOUND)
        .send(signed(inbound('+17865550192', 'YES', vonageTime(1))))
        .expect(204);
      expect(await t.rows('sms_opt_outs', 'phone = ?', ['+17865550192'])).toEqual([]);
    });

    it('does not let a STOP stamped in the future outlast a later START (event times clamped to arrival)', async () => {
      const phone = '+17865550189';
      const before = Date.now();
      await t.http
        .post(INBOUND)
        .send(signed(inbound(phone, 'STOP', '2099-01-01 00:00:00', 'from-the-future')))
        .expect(204);
      const stopped = await optOut(t, phone);
      expect({ ...stopped, optedOut: bool(stopped.optedOut) }).toMatchObject({
        optedOut: true,
        keyword: 'STOP',
        providerMessageId: 'from-the-future',
      });
      // Clamped to when it arrived, not 2099.
      expect(instant(stopped.changedAt)).toBeGreaterThanOrEqual(before - 1000);
      expect(instant(stopped.changedAt)).toBeLessThanOrEqual(Date.now());

      // The START the person sends a minute later (by Vonage's clock, a little ahead of ours).
      await t.http
        .post(INBOUND)
        .send(signed(inbound(phone, 'START', vonageTime(-1), 'a-minute-later')))
        .expect(204);
      const started = await optOut(t, phone);
      expect({ ...started, optedOut: bool(started.optedOut) }).toMatchObject({
        optedOut: false,
        keyword: 'START',
        providerMessageId: 'a-minute-later',
      });
    });

    it('refuses (401) an unsigned or tampered STOP, and records nothing', async () => {
      const stop = inbound('+17865550193', 'STOP', vonageTime(1));
      await t.http.post(INBOUND).type('form').send(stop).expect(401);
      await t.http
        .post(INBOUND)
        .type('form')
        .send({ ...signed(stop), msisdn: '17865550194' })
        .expect(401);
      expect(await t.rows('sms_opt_outs', 'phone IN (?, ?)', ['+17865550193', '+17865550194'])).toEqual([]);
    });
  });
});

describe('Vonage webhooks authenticated by VONAGE_WEBHOOK_TOKEN', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ VONAGE_WEBHOOK_TOKEN: TOKEN });
  });
  afterAll(() => t.close());

  it('applies receipts posted to the token path, JSON or form-encoded', async () => {
    const first = await sentSms(t, '+17865550131');
    await t.http
      .post(`${RECEIPT}/${TOKEN}`)
      .send(receipt(first, 'delivered', vonageTime(1)))
      .expect(204);
    expect(await smsRow(t, first.id)).toMatchObject({ status: 'delivered', receiptStatus: 'delivered' });

    const second = await sentSms(t, '+17865550132');
    await t.http
      .post(`${RECEIPT}/${TOKEN}`)
      .type('form')
      .send(receipt(second, 'rejected', vonageTime(1)))
      .expect(204);
    expect(await smsRow(t, second.id)).toMatchObject({ status: 'rejected', receiptStatus: 'rejected' });
  });

  it('refuses (401) receipts without the token or with a wrong one, even signed, and writes nothing', async () => {
    const sms = await sentSms(t, '+17865550133');
    const body = receipt(sms, 'delivered', vonageTime(1));
    for (const path of [
      RECEIPT,
      `${RECEIPT}/${TOKEN.slice(0, -1)}`,
      `${RECEIPT}/${TOKEN}x`,
      `${RECEIPT}/${TOKEN.toLowerCase()}`,
    ]) {
      const res = await t.http.post(path).send(signed(body));
      expect([path, res.status]).toEqual([path, 401]);
    }
    expect(await smsRow(t, sms.id)).toEqual(sms);
  });

  it('records STOP posted to the token path, and refuses it without the token', async () => {
    await t.http
      .post(`${INBOUND}/${TOKEN}`)
      .type('form')
      .send(inbound('+17865550195', 'STOP', vonageTime(1)))
      .expect(204);
    expect(bool((await optOut(t, '+17865550195')).optedOut)).toBe(true);

    await t.http
      .post(INBOUND)
      .type('form')
      .send(inbound('+17865550196', 'STOP', vonageTime(1)))
      .expect(401);
    await t.http
      .post(`${INBOUND}/wrong-token-0123456789abcdefABCD`)
      .send(inbound('+17865550196', 'STOP', vonageTime(1)))
      .expect(401);
    expect(await t.rows('sms_opt_outs', 'phone = ?', ['+17865550196'])).toEqual([]);
  });
});

describe('Vonage webhooks with neither a signature secret nor a token', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ VONAGE_SIGNATURE_SECRET: undefined, VONAGE_WEBHOOK_TOKEN: undefined });
  });
  afterAll(() => t.close());

  it('refuses everything (401) and writes nothing', async () => {
    const sms = await sentSms(t, '+17865550141');
    const attempts: Array<[string, Params]> = [
      [RECEIPT, receipt(sms, 'delivered', vonageTime(1))],
      [`${RECEIPT}/${TOKEN}`, receipt(sms, 'delivered', vonageTime(1))],
      [RECEIPT, signed(receipt(sms, 'delivered', vonageTime(1)))],
      [INBOUND, inbound('+17865550197', 'STOP', vonageTime(1))],
      [`${INBOUND}/${TOKEN}`, inbound('+17865550197', 'STOP', vonageTime(1))],
      [INBOUND, signed(inbound('+17865550197', 'STOP', vonageTime(1)))],
    ];
    for (const [path, body] of attempts) {
      const res = await t.http.post(path).type('form').send(body);
      expect([path, res.status]).toEqual([path, 401]);
    }
    expect(await smsRow(t, sms.id)).toEqual(sms);
    expect(await t.rows('sms_opt_outs')).toEqual([]);
  });
});
