/**
 * Appointments through the staff API (DESIGN.md §5): local times in the tenant's zone, listing
 * windows, and another tenant's appointments hidden.
 */
import { DateTime } from 'luxon';

import { ZONE } from './support/staff-fixtures';
import { describeTenantIsolation } from './support/tenant-lists';
import { createTestApp, OTHER_TENANT, TENANT, TestApp } from './support/test-app';
import { Body, instant, messageText, namedFields, weekdayAhead } from './support/values';

describe('Appointments: staff API', () => {
  let t: TestApp;
  let token: string;
  const auth = () => ({ Authorization: `Bearer ${token}` });
  const day1 = weekdayAhead(10, ZONE);
  const day2 = weekdayAhead(13, ZONE);
  const day3 = weekdayAhead(20, ZONE);
  const created: Record<string, Body> = {};

  beforeAll(async () => {
    t = await createTestApp();
    token = await t.staffToken();
  });

  afterAll(async () => {
    await t?.close();
  });

  const schedule = (body: Body, tenant = TENANT) =>
    t.http.post(`/api/appointments?tenant_id=${tenant}`).set(auth()).send(body);

  it('schedules at the UTC instant of the local time in the default time zone', async () => {
    const response = await schedule({
      callerName: 'Ana Rivera',
      phone: '(786) 555-0198',
      purpose: 'Policy review',
      date: day1,
      time: '14:30',
      durationMinutes: 45,
    }).expect(201);
    created.first = response.body as Body;
    const expected = DateTime.fromISO(`${day1}T14:30`, { zone: ZONE }).toUTC();
    expect(expected.isValid).toBe(true);
    expect(new Date(response.body.startsAt as string).toISOString()).toBe(expected.toISO());
    expect(response.body).toMatchObject({
      callerName: 'Ana Rivera',
      phone: '+17865550198',
      date: day1,
      time: '14:30',
      timezone: ZONE,
      durationMinutes: 45,
      status: 'scheduled',
      tenantId: TENANT,
      callId: null,
    });

    const [row] = await t.rows('appointments', '"id" = ?', [response.body.id]);
    expect(instant(row.startsAt)).toBe(expected.toMillis());
    expect(row).toMatchObject({
      tenantId: TENANT,
      callId: null,
      phone: '+17865550198',
      date: day1,
      time: '14:30',
      timezone: ZONE,
      durationMinutes: 45,
      status: 'scheduled',
      purpose: 'Policy review',
    });
    // 14:30 in New York is never 14:30 UTC: the zone was applied.
    expect(new Date(instant(row.startsAt)).getUTCHours()).not.toBe(14);
  });

  it('schedules a day without a time at the start of that local day, 30 minutes by default', async () => {
    const response = await schedule({ callerName: 'Luis', phone: '+13055550111', purpose: 'Claim', date: day2 }).expect(
      201,
    );
    created.second = response.body as Body;
    const [row] = await t.rows('appointments', '"id" = ?', [response.body.id]);
    expect(instant(row.startsAt)).toBe(DateTime.fromISO(day2, { zone: ZONE }).toMillis());
    expect(row).toMatchObject({ time: null, durationMinutes: 30, date: day2 });
    created.third = (
      await schedule({ callerName: 'Rosa', phone: '+13055550112', purpose: 'Quote', date: day3, time: '09:00' }).expect(
        201,
      )
    ).body as Body;
    created.other = (
      await schedule(
        { callerName: 'Other', phone: '+13055550113', purpose: 'Quote', date: day1, time: '10:00' },
        OTHER_TENANT,
      ).expect(201)
    ).body as Body;
  });

  it('refuses a past date naming date, a past time today naming time, and writes nothing', async () => {
    const before = (await t.rows('appointments')).length;
    const yesterday = DateTime.now().setZone(ZONE).minus({ days: 1 }).toISODate()!;
    const past = await schedule({
      callerName: 'Late',
      phone: '+13055550114',
      purpose: 'x',
      date: yesterday,
      time: '10:00',
    }).expect(400);
    expect(namedFields(past.body)).toEqual(['date']);
    const longAgo = await schedule({
      callerName: 'Late',
      phone: '+13055550114',
      purpose: 'x',
      date: '2020-03-02',
    }).expect(400);
    expect(namedFields(longAgo.body)).toEqual(['date']);

    const today = DateTime.now().setZone(ZONE).toISODate()!;
    const earlier = await schedule({
      callerName: 'Late',
      phone: '+13055550114',
      purpose: 'x',
      date: today,
      time: '00:00',
    }).expect(400);
    expect(namedFields(earlier.body)).toEqual(['time']);
    expect(await t.rows('appointments')).toHaveLength(before);
  });

  it("refuses a date beyond the tenant's booking horizon naming date, on create and move, and writes nothing", async () => {
    const before = await t.rows('appointments');
    for (const date of ['9999-12-31', DateTime.now().setZone(ZONE).plus({ days: 366 }).toISODate()!]) {
      for (const time of ['10:00', undefined]) {
        const res = await schedule({ callerName: 'Far', phone: '+13055550116', purpose: 'x', date, time }).expect(400);
        expect(namedFields(res.body)).toEqual(['date']);
        expect(messageText(res.body)).toContain('365 days ahead');
      }
    }
    const moved = await t.http
      .patch(`/api/appointments/${created.first.id}?tenant_id=${TENANT}`)
      .set(auth())
      .send({ date: '9999-12-31' })
      .expect(400);
    expect(namedFields(moved.body)).toEqual(['date']);
    expect(await t.rows('appointments')).toEqual(before);
    expect(await t.rows('appointment_slots', '"startsAt" >= ?', ['2100-01-01'])).toHaveLength(0);

    // The last day of the horizon can still be booked.
    const lastDay = DateTime.now().setZone(ZONE).plus({ days: 365 }).toISODate()!;
    const ok = await schedule(
      { callerName: 'Far', phone: '+13055550116', purpose: 'x', date: lastDay },
      OTHER_TENANT,
    ).expect(201);
    expect((await t.rows('appointments', '"id" = ?', [ok.body.id]))[0]).toMatchObject({ date: lastDay });
  });

  it('refuses malformed dates, times, phones and durations, naming the field', async () => {
    const base = { callerName: 'Bad', phone: '+13055550115', purpose: 'x', date: day1, time: '11:00' };
    for (const [patch, field] of [
      [{ date: '12/24/2030' }, 'date'],
      [{ date: `${day1.slice(0, 4)}-02-31` }, 'date'],
      [{ time: '2pm' }, 'time'],
      [{ time: '24:00' }, 'time'],
      [{ durationMinutes: 1000 }, 'durationMinutes'],
      [{ durationMinutes: '30' }, 'durationMinutes'],
      [{ phone: 'nope' }, 'phone'],
      [{ status: 'maybe' }, 'status'],
      [{ startsAt: '2030-01-01T00:00:00Z' }, 'startsAt'],
    ] as Array<[Body, string]>) {
      const response = await schedule({ ...base, ...patch }).expect(400);
      expect({ patch, fields: namedFields(response.body) }).toEqual({ patch, fields: [field] });
    }
    expect(await t.rows('appointments', '"callerName" = ?', ['Bad'])).toHaveLength(0);
  });

  it('lists in start order and filters by from and to (local dates, inclusive)', async () => {
    const all = await t.http.get(`/api/appointments?tenant_id=${TENANT}`).set(auth()).expect(200);
    expect(all.body).toMatchObject({ total: 3, limit: 20, offset: 0 });
    expect((all.body.data as Body[]).map((a) => a.id)).toEqual([created.first.id, created.second.id, created.third.id]);

    const fromDay2 = await t.http.get(`/api/appointments?tenant_id=${TENANT}&from=${day2}`).set(auth()).expect(200);
    expect((fromDay2.body.data as Body[]).map((a) => a.id)).toEqual([created.second.id, created.third.id]);

    const toDay2 = await t.http.get(`/api/appointments?tenant_id=${TENANT}&to=${day2}`).set(auth()).expect(200);
    expect((toDay2.body.data as Body[]).map((a) => a.id)).toEqual([created.first.id, created.second.id]);

    const onlyDay1 = await t.http
      .get(`/api/appointments?tenant_id=${TENANT}&from=${day1}&to=${day1}`)
      .set(auth())
      .expect(200);
    expect(onlyDay1.body.total).toBe(1);
    expect(onlyDay1.body.data[0].id).toBe(created.first.id);

    const acrossTenants = await t.http.get(`/api/appointments?from=${day1}&to=${day1}`).set(auth()).expect(200);
    expect((acrossTenants.body.data as Body[]).map((a) => a.id).sort()).toEqual(
      [created.first.id, created.other.id].sort(),
    );

    const bad = await t.http.get(`/api/appointments?tenant_id=${TENANT}&from=tomorrow`).set(auth()).expect(400);
    expect(namedFields(bad.body)).toEqual(['from']);
  });

  it('confirms an appointment, keeping its start', async () => {
    const response = await t.http
      .patch(`/api/appointments/${created.first.id}?tenant_id=${TENANT}`)
      .set(auth())
      .send({ status: 'confirmed' })
      .expect(200);
    expect(response.body).toMatchObject({ id: created.first.id, status: 'confirmed', date: day1, time: '14:30' });
    const [row] = await t.rows('appointments', '"id" = ?', [created.first.id]);
    expect(row.status).toBe('confirmed');
    expect(instant(row.startsAt)).toBe(DateTime.fromISO(`${day1}T14:30`, { zone: ZONE }).toMillis());

    const confirmed = await t.http
      .get(`/api/appointments?tenant_id=${TENANT}&status=confirmed`)
      .set(auth())
      .expect(200);
    expect((confirmed.body.data as Body[]).map((a) => a.id)).toEqual([created.first.id]);
  });

  it('moves an appointment to another time, recomputing the instant', async () => {
    await t.http
      .patch(`/api/appointments/${created.third.id}?tenant_id=${TENANT}`)
      .set(auth())
      .send({ time: '16:15' })
      .expect(200);
    const [row] = await t.rows('appointments', '"id" = ?', [created.third.id]);
    expect(row).toMatchObject({ date: day3, time: '16:15' });
    expect(instant(row.startsAt)).toBe(DateTime.fromISO(`${day3}T16:15`, { zone: ZONE }).toMillis());

    const yesterday = DateTime.now().setZone(ZONE).minus({ days: 1 }).toISODate()!;
    const past = await t.http
      .patch(`/api/appointments/${created.third.id}?tenant_id=${TENANT}`)
      .set(auth())
      .send({ date: yesterday })
      .expect(400);
    expect(namedFields(past.body)).toEqual(['date']);
    expect((await t.rows('appointments', '"id" = ?', [created.third.id]))[0].date).toBe(day3);
  });

  it("reads by id, and hides another tenant's appointment from read and patch", async () => {
    const read = await t.http.get(`/api/appointments/${created.second.id}?tenant_id=${TENANT}`).set(auth()).expect(200);
    expect(read.body).toMatchObject({ id: created.second.id, callerName: 'Luis', date: day2 });
    await t.http.get(`/api/appointments/${created.other.id}?tenant_id=${TENANT}`).set(auth()).expect(404);
    await t.http
      .patch(`/api/appointments/${created.other.id}?tenant_id=${TENANT}`)
      .set(auth())
      .send({ status: 'cancelled' })
      .expect(404);
    expect((await t.rows('appointments', '"id" = ?', [created.other.id]))[0].status).toBe('scheduled');
    await t.http.get(`/api/appointments/xyz?tenant_id=${TENANT}`).set(auth()).expect(400);
  });
});

describeTenantIsolation('Appointments', 'appointments');
