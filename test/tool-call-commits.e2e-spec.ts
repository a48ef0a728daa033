import { Spoken } from '../src/tools-webhook/spoken/spoken-messages';
import { refuseWrites } from './support/fault-injection';
import { createTestApp, TENANT, TestApp } from './support/test-app';
import { weekdayAhead } from './support/values';
import { WriteCommitCounter } from './support/write-commit-counter';

interface LoggedCall {
  id: string;
  status: string;
  httpStatus: number;
  error: string | null;
}

interface Fingerprint {
  toolCallId: string;
  httpStatus: number | null;
}

/**
 * What a tool call costs the database in commits, and what those commits hold: a call answered
 * in time writes its claim, then one commit with the tool's rows, the claim's answer and its
 * log row, or none of them.
 */
describe('the commits of a tool call', () => {
  let t: TestApp;
  let commits: WriteCommitCounter;

  beforeAll(async () => {
    t = await createTestApp();
    commits = new WriteCommitCounter(t.dataSource);
    // The tenant is made on its first call: that write is not the call's own.
    await t.tool('check_policy_status', { policy_number: 'WARM-1' }, { callId: 'warm-up' }).expect(200);
  });
  afterAll(async () => {
    commits.stop();
    await t.close();
  });

  /** The write commits one call costs, and its answer. */
  const counted = async (fn: string, args: Record<string, unknown>, callId: string) => {
    commits.reset();
    const response = await t.tool(fn, args, { callId });
    return { response, commits: commits.count };
  };
  const logged = (callId: string) => t.rows<LoggedCall>('tool_calls', '"callId" = ?', [callId]);
  const claims = (callId: string) => t.rows<Fingerprint>('tool_call_fingerprints', '"callId" = ?', [callId]);

  it('creates a lead in two commits: the claim, then the lead, the claim answered and the log row together', async () => {
    const { response, commits: count } = await counted(
      'create_lead',
      { first_name: 'Ana', phone: '(786) 555-0140' },
      'commits-new',
    );

    expect(response.body.status).toBe('created');
    expect(count).toBe(2);
    const [lead] = await t.rows<{ id: string }>('leads', '"callId" = ?', ['commits-new']);
    expect(lead.id).toBe(response.body.lead_id);
    const [row] = await logged('commits-new');
    expect(row).toMatchObject({ status: 'created', httpStatus: 200, error: null });
    expect(await claims('commits-new')).toEqual([expect.objectContaining({ toolCallId: row.id, httpStatus: 200 })]);
  });

  it('updates a returning caller in two commits, its change row with them', async () => {
    const { response, commits: count } = await counted(
      'create_lead',
      { first_name: 'Ana', phone: '(786) 555-0140', company: 'Sol Bakery' },
      'commits-returning',
    );

    expect(response.body.status).toBe('updated');
    expect(count).toBe(2);
    const [lead] = await t.rows<{ company: string; notes: string }>('leads', '"id" = ?', [response.body.lead_id]);
    expect(lead).toMatchObject({ company: 'Sol Bakery', notes: '[call commits-returning] called again' });
    expect(
      await t.rows('record_changes', '"callId" = ? AND "action" = ?', ['commits-returning', 'update']),
    ).toHaveLength(1);
    expect((await claims('commits-returning'))[0].httpStatus).toBe(200);
  });

  it('takes a message, and answers a policy question, in two commits', async () => {
    const message = await counted(
      'leave_message',
      { caller_name: 'Bo', caller_phone: '(786) 555-0141', message: 'Please call me back' },
      'commits-message',
    );
    const policy = await counted('check_policy_status', { policy_number: 'NONE-1' }, 'commits-policy');

    expect([message.response.body.status, message.commits]).toEqual(['saved', 2]);
    expect([policy.response.body.status, policy.commits]).toEqual(['not_found', 2]);
    expect(await t.rows('messages', '"callId" = ?', ['commits-message'])).toHaveLength(1);
    expect((await claims('commits-policy'))[0].httpStatus).toBe(200);
  });

  it('texts in four commits: the claim, the text before it leaves, its outcome, then the answer and log row', async () => {
    const { response, commits: count } = await counted(
      'send_sms',
      { to_phone: '+17865550142', message: 'Our address is 100 Biscayne Blvd.' },
      'commits-sms',
    );
    expect(response.body.status).toBe('sent');
    expect(count).toBe(4);
  });

  it('books in three commits: the claim, the time held with the appointment, then the answer and log row', async () => {
    const { response, commits: count } = await counted(
      'schedule_appointment',
      {
        caller_name: 'Luis',
        phone: '(305) 555-0143',
        date: weekdayAhead(3, 'America/New_York'),
        time: '10:00 AM',
        purpose: 'review',
      },
      'commits-booking',
    );
    expect(response.body.status).toBe('scheduled');
    expect(count).toBe(3);
  });

  it('keeps neither the lead nor an answered claim when the commit fails, and logs the failure', async () => {
    // The call's own log row is refused, so the one commit fails; the failure's row (status error) is not.
    const restore = await refuseWrites(t, 'tool_calls', 'INSERT', `NEW.status = 'created'`);
    let failed;
    try {
      failed = await t.tool(
        'create_lead',
        { first_name: 'Nadia', phone: '(786) 555-0144' },
        { callId: 'commits-fail' },
      );
    } finally {
      await restore();
    }

    expect(failed.status).toBe(500);
    expect(failed.body).toEqual({ status: 'error', message: Spoken.unexpected });
    expect(await t.rows('leads', '"callId" = ?', ['commits-fail'])).toHaveLength(0);
    expect(await claims('commits-fail')).toHaveLength(0);
    const [row] = await logged('commits-fail');
    expect(row).toMatchObject({ status: 'error', httpStatus: 500 });
    expect(row.error).toMatch(/injected fault: INSERT on tool_calls/);

    // Released, not answered: a re-delivery runs the call afresh.
    const retried = await t.tool(
      'create_lead',
      { first_name: 'Nadia', phone: '(786) 555-0144' },
      { callId: 'commits-fail' },
    );
    expect(retried.body.status).toBe('created');
    expect(await t.rows('leads', '"callId" = ?', ['commits-fail'])).toHaveLength(1);
  });

  it("keeps a returning caller's lead as it was when its change row cannot be written", async () => {
    const [before] = await t.rows<{ id: string; notes: string }>('leads', '"tenantId" = ? AND "phone" = ?', [
      TENANT,
      '+17865550140',
    ]);
    const restore = await refuseWrites(t, 'record_changes', 'INSERT');
    let failed;
    try {
      failed = await t.tool(
        'create_lead',
        { first_name: 'Ana', phone: '(786) 555-0140', notes: 'wants a quote' },
        { callId: 'commits-fail-change' },
      );
    } finally {
      await restore();
    }

    expect(failed.status).toBe(500);
    const [after] = await t.rows<{ notes: string }>('leads', '"id" = ?', [before.id]);
    expect(after.notes).toBe(before.notes);
    expect(await claims('commits-fail-change')).toHaveLength(0);
    expect((await logged('commits-fail-change')).map((row) => row.status)).toEqual(['error']);
  });
});
