/**
 * The record of changes (DESIGN.md §5): who changed which record, in which tenant, and never a
 * secret, with tenants A and B.
 */
import { bearer } from './support/staff-fixtures';
import { createTestApp, TestApp } from './support/test-app';
import { buildWorld, TA, TB, World } from './support/two-tenants';
import { Body, json } from './support/values';

describe('Record changes: who changed what, in which tenant', () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
  });

  afterAll(async () => {
    await t?.close();
  });

  const changesOf = (recordType: string, recordId: string, action: string) =>
    t.rows('record_changes', '"recordType" = ? AND "recordId" = ? AND "action" = ?', [recordType, recordId, action]);

  it('records a staff update of a lead: who, what, and only the fields it set', async () => {
    expect(await changesOf('lead', w.A.lead, 'update')).toEqual([]);
    await t.http
      .patch(`/api/leads/${w.A.lead}`)
      .set(bearer(w.agentA.token))
      .send({ status: 'contacted', notes: 'Called back at 3pm' })
      .expect(200);
    const rows = await changesOf('lead', w.A.lead, 'update');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      tenantId: TA,
      callId: null,
      recordType: 'lead',
      recordId: w.A.lead,
      action: 'update',
      actorType: 'user',
      actorId: w.agentA.id,
    });
    expect(json(rows[0].changes)).toEqual({ status: 'contacted', notes: 'Called back at 3pm' });
    // A second update by another user is a second row, with its own actor.
    await t.http.patch(`/api/leads/${w.A.lead}`).set(bearer(w.adminA.token)).send({ status: 'qualified' }).expect(200);
    const again = await changesOf('lead', w.A.lead, 'update');
    expect(again).toHaveLength(2);
    const byAdmin = again.find((row) => row.actorId === w.adminA.id);
    expect(json(byAdmin?.changes)).toEqual({ status: 'qualified' });
  });

  it('records creates and deletes, and the changes of the other resources, in their tenant', async () => {
    const lead = await t.http
      .post('/api/leads')
      .set(bearer(w.agentB.token))
      .send({ firstName: 'Audit', phone: '+1 (305) 555-0130' })
      .expect(201);
    const [created] = await changesOf('lead', lead.body.id, 'create');
    expect(created).toMatchObject({ tenantId: TB, actorType: 'user', actorId: w.agentB.id });
    expect(json(created.changes)).toMatchObject({ firstName: 'Audit' });
    await t.http.delete(`/api/leads/${lead.body.id}`).set(bearer(w.adminB.token)).expect(204);
    const [deleted] = await changesOf('lead', lead.body.id, 'delete');
    expect(deleted).toMatchObject({ tenantId: TB, actorType: 'user', actorId: w.adminB.id });
    expect(await t.rows('leads', '"id" = ?', [lead.body.id])).toEqual([]);

    await t.http.patch(`/api/messages/${w.B.message}`).set(bearer(w.agentB.token)).send({ handled: true }).expect(200);
    const [message] = await changesOf('message', w.B.message, 'update');
    expect(message).toMatchObject({ tenantId: TB, actorId: w.agentB.id });
    expect(json(message.changes)).toEqual({ handled: true });
    expect((await t.rows('messages', '"id" = ?', [w.B.message]))[0].handledBy).toBe(w.agentB.id);

    await t.http
      .patch(`/api/appointments/${w.A.appointment}`)
      .set(bearer(w.agentA.token))
      .send({ status: 'confirmed' })
      .expect(200);
    expect((await changesOf('appointment', w.A.appointment, 'update'))[0]).toMatchObject({
      tenantId: TA,
      actorId: w.agentA.id,
    });

    await t.http
      .patch(`/api/policies/${w.A.policy}`)
      .set(bearer(w.adminA.token))
      .send({ status: 'suspended' })
      .expect(200);
    expect((await changesOf('policy', w.A.policy, 'update'))[0]).toMatchObject({ tenantId: TA, actorId: w.adminA.id });

    const [smsChange] = await changesOf('sms', w.A.sms, 'create');
    expect(smsChange).toMatchObject({ tenantId: TA, actorType: 'user', actorId: w.agentA.id });

    // A refused request (another tenant's record) records nothing.
    const before = (await t.rows('record_changes')).length;
    await t.http.patch(`/api/leads/${w.B.lead}`).set(bearer(w.agentA.token)).send({ status: 'lost' }).expect(404);
    expect(await t.rows('record_changes')).toHaveLength(before);
  });

  it('keeps passwords and their hashes out of the record of a user’s create and password change', async () => {
    const password = 'Audited-Initial-Passw0rd';
    const created = await t.http
      .post('/api/users')
      .set(bearer(w.adminA.token))
      .send({ email: 'audited@tenancy.example', password, role: 'agent' })
      .expect(201);
    const id = created.body.id as string;
    const [createRow] = await changesOf('user', id, 'create');
    expect(createRow).toMatchObject({ tenantId: TA, actorType: 'user', actorId: w.adminA.id });
    expect(json(createRow.changes)).toMatchObject({
      email: 'audited@tenancy.example',
      role: 'agent',
      password: '(changed)',
    });

    const changed = 'Audited-Changed-Passw0rd';
    await t.http.patch(`/api/users/${id}`).set(bearer(w.adminA.token)).send({ password: changed }).expect(200);
    const [updateRow] = await changesOf('user', id, 'update');
    expect(updateRow).toMatchObject({ tenantId: TA, actorType: 'user', actorId: w.adminA.id });
    expect(json(updateRow.changes)).toEqual({ password: '(changed)' });

    const [user] = await t.rows('users', '"id" = ?', [id]);
    const hash = String(user.passwordHash);
    const key = hash.split('$')[5];
    const everything = JSON.stringify(await t.rows('record_changes'));
    for (const secret of [password, changed, hash, key]) expect(everything).not.toContain(secret);
    expect(everything).not.toContain('passwordHash');
  });

  describe('webhook keys', () => {
    let owner: string;

    beforeAll(async () => {
      owner = await t.staffToken();
    });

    it('records who made and who revoked a webhook key, never the key', async () => {
      const created = await t.http
        .post(`/api/webhook-keys?tenant_id=${TA}`)
        .set(bearer(owner))
        .send({ name: 'Front desk' })
        .expect(201);
      await t.http.delete(`/api/webhook-keys/${created.body.id}?tenant_id=${TA}`).set(bearer(owner)).expect(204);
      const [ownerRow] = await t.rows<{ id: string }>('users', '"role" = ?', ['owner']);
      const history = await t.rows<Body>('record_changes', '"recordId" = ? ORDER BY "createdAt", "action"', [
        created.body.id,
      ]);
      expect(history.map((change) => [change.recordType, change.action, change.actorId])).toEqual([
        ['webhook_key', 'create', ownerRow.id],
        ['webhook_key', 'update', ownerRow.id],
      ]);
      expect(JSON.stringify(history)).not.toContain(created.body.key);
    });
  });
});
