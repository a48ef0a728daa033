import { DateTime } from 'luxon';

import { spokenIn } from '../src/tools-webhook/spoken/spoken-messages';
import { createTestApp, TestApp } from './support/test-app';
import { Body, instant, namedFields, weekdayAhead } from './support/values';

const en = spokenIn('en');
const es = spokenIn('es');
const NEW_YORK = 'America/New_York';
const MADRID = 'Europe/Madrid';
const EN_TENANT = 'avail-en';
const ES_TENANT = 'avail-es';
const SATURDAY_TENANT = 'avail-saturdays';
const NEAR_TENANT = 'avail-30-days';

// Weekdays well ahead (in both zones: a weekday's date is the same day in New York and Madrid).
const DAY = weekdayAhead(10, NEW_YORK);
const RACE_DAY = weekdayAhead(17, NEW_YORK);
const at = (time: string, zone = NEW_YORK, day = DAY) => DateTime.fromISO(`${day}T${time}`, { zone });
const saturdayAfter = (day: string) => {
  const date = DateTime.fromISO(day, { zone: NEW_YORK });
  return date.plus({ days: 6 - date.weekday }).toISODate()!;
};

const caller = { caller_name: 'Luis Perez', phone: '3055550122', purpose: 'policy review' };

describe('schedule_appointment: availability', () => {
  let t: TestApp;
  let auth: { Authorization: string };
  let callNumber = 0;
  /** A tool call with a call id of its own (a repeated call id would be answered as a replay). */
  const book = (args: Body, tenantId = EN_TENANT) =>
    t.tool('schedule_appointment', { ...caller, ...args }, { callId: `avail-${++callNumber}`, tenantId });
  const appointmentsAt = (tenantId: string, startsAt: DateTime) =>
    t.rows<Body>('appointments', '"tenantId" = ? AND "startsAt" = ?', [
      tenantId,
      startsAt.toUTC().toFormat('yyyy-MM-dd HH:mm:ss.SSS'),
    ]);
  /** The steps an appointment holds, as local "HH:mm" in `zone`. */
  const stepsOf = async (appointmentId: string, zone = NEW_YORK) => {
    const rows = await t.rows<Body>('appointment_slots', '"appointmentId" = ?', [appointmentId]);
    return rows.map((row) => DateTime.fromMillis(instant(row.startsAt), { zone }).toFormat('HH:mm')).sort();
  };
  const scheduledId = async (args: Body, tenantId = EN_TENANT): Promise<string> => {
    const res = await book(args, tenantId).expect(200);
    expect(res.body.status).toBe('scheduled');
    return res.body.appointment_id as string;
  };

  beforeAll(async () => {
    t = await createTestApp();
    auth = { Authorization: `Bearer ${await t.staffToken()}` };
    for (const tenant of [
      { name: 'Availability EN', platformTenantId: EN_TENANT, timezone: NEW_YORK },
      { name: 'Disponibilidad', platformTenantId: ES_TENANT, timezone: MADRID, language: 'es', defaultCountry: 'ES' },
      {
        name: 'Saturdays only',
        platformTenantId: SATURDAY_TENANT,
        timezone: NEW_YORK,
        businessHours: { sat: { opens: '10:00', closes: '14:00' } },
        appointmentMinutes: 45,
      },
      { name: 'Books a month ahead', platformTenantId: NEAR_TENANT, timezone: NEW_YORK, bookingHorizonDays: 30 },
    ]) {
      await t.http.post('/api/tenants').set(auth).send(tenant).expect(201);
    }
  });

  afterAll(async () => {
    await t?.close();
  });

  it('books a time within hours, with its row and the 5-minute steps it holds', async () => {
    const res = await book({ date: DAY, time: '2pm' }).expect(200);

    expect(res.body).toMatchObject({ status: 'scheduled', message: expect.stringContaining('at 2 PM') });
    const [row] = await t.rows<Body>('appointments', '"id" = ?', [res.body.appointment_id]);
    expect(row).toMatchObject({
      tenantId: EN_TENANT,
      date: DAY,
      time: '14:00',
      timezone: NEW_YORK,
      durationMinutes: 30,
      status: 'scheduled',
    });
    expect(instant(row.startsAt)).toBe(at('14:00').toMillis());
    expect(await stepsOf(row.id)).toEqual(['14:00', '14:05', '14:10', '14:15', '14:20', '14:25']);
    const slots = await t.rows<Body>('appointment_slots', '"appointmentId" = ?', [row.id]);
    expect(new Set(slots.map((slot) => slot.tenantKey))).toEqual(new Set([EN_TENANT]));
  });

  it('answers a taken time with the two nearest free times, which really are free', async () => {
    const res = await book({ date: DAY, time: '14:00' }).expect(200);

    expect(res.body).toEqual({ status: 'unavailable', message: en.slotTaken(at('14:00'), [at('13:30'), at('14:30')]) });
    expect(res.body.message).toMatch(
      /is already booked\. I could do 1:30 PM or 2:30 PM that day — would either work\?$/,
    );
    expect(await appointmentsAt(EN_TENANT, at('14:00'))).toHaveLength(1);
    const [logged] = await t.rows<Body>('tool_calls', '"callId" = ?', [`avail-${callNumber}`]);
    expect(logged).toMatchObject({ status: 'unavailable', httpStatus: 200 });
    expect(await t.rows('appointments', '"callId" = ?', [`avail-${callNumber}`])).toHaveLength(0);

    // The caller takes one of them, and someone else the other.
    await scheduledId({ date: DAY, time: '1:30 PM' });
    await scheduledId({ date: DAY, time: '2:30 PM' });
    const again = await book({ date: DAY, time: '2pm' }).expect(200);
    expect(again.body).toEqual({
      status: 'unavailable',
      message: en.slotTaken(at('14:00'), [at('13:00'), at('15:00')]),
    });
  });

  it('refuses an overlap, not only the same start: 2:45 PM for 30 minutes', async () => {
    const res = await book({ date: DAY, time: '2:45 PM', duration: 30 }).expect(200);
    expect(res.body.status).toBe('unavailable');
    expect(await appointmentsAt(EN_TENANT, at('14:45'))).toHaveLength(0);
  });

  it('answers a time outside business hours with the nearest times within them', async () => {
    const evening = await book({ date: DAY, time: '7pm' }).expect(200);
    expect(evening.body).toEqual({
      status: 'unavailable',
      message: en.slotOutsideHours(at('19:00'), [at('16:15'), at('16:30')]),
    });

    const pastClosing = await book({ date: DAY, time: '4:30 PM', duration: 'an hour' }).expect(200);
    expect(pastClosing.body).toEqual({
      status: 'unavailable',
      message: en.slotOutsideHours(at('16:30'), [at('15:45'), at('16:00')]),
    });

    const saturday = saturdayAfter(DAY);
    const weekend = await book({ date: saturday, time: '10am' }).expect(200);
    expect(weekend.body.status).toBe('unavailable');
    expect(weekend.body.message).toMatch(/^I'm sorry, we're closed on Saturday/);
    expect(await t.rows('appointments', '"date" = ?', [saturday])).toHaveLength(0);
  });

  it('offers the first free times of the day when no time is given, and books nothing', async () => {
    await scheduledId({ date: DAY, time: '9am' });
    const before = (await t.rows('appointments')).length;
    const res = await book({ date: DAY }).expect(200);

    expect(res.body).toEqual({ status: 'error', message: en.freeTimesOn(at('00:00'), [at('09:30'), at('09:45')]) });
    expect(res.body.message).toMatch(/^I can offer 9:30 AM or 9:45 AM on .+\. Which would you like\?$/);
    expect(await t.rows('appointments')).toHaveLength(before);
  });

  it('asks again for a day beyond the booking horizon (December 31, 9999; in 100000 days), booking nothing', async () => {
    const before = (await t.rows('appointments')).length;
    for (const args of [
      { date: '9999-12-31', time: '10am' },
      { date: 'December 31, 9999', time: '10am' },
      { date: 'in 100000 days', time: '10am' },
      { date: '100000 days from now', time: '2pm' },
      { date: 'in 100000 days' },
      { date: weekdayAhead(400, NEW_YORK), time: '10am' },
    ]) {
      const res = await book(args).expect(200);
      expect({ args, body: res.body }).toEqual({ args, body: { status: 'error', message: en.beyondHorizon(365) } });
      expect(res.body.message).toBe(
        'I can only book appointments up to a year ahead. Which nearer day would suit you?',
      );
      const [logged] = await t.rows<Body>('tool_calls', '"callId" = ?', [`avail-${callNumber}`]);
      expect(logged).toMatchObject({ status: 'error', httpStatus: 200 });
      expect(await t.rows('appointments', '"callId" = ?', [`avail-${callNumber}`])).toHaveLength(0);
    }
    const spanish = await book({ date: '9999-12-31', time: '10:00', phone: '612 34 56 78' }, ES_TENANT).expect(200);
    expect(spanish.body).toEqual({ status: 'error', message: es.beyondHorizon(365) });
    expect(await t.rows('appointments')).toHaveLength(before);
    expect(await t.rows('appointment_slots', '"startsAt" >= ?', ['2100-01-01'])).toHaveLength(0);

    // Within the horizon a caller still books, as far ahead as it reaches.
    const far = weekdayAhead(300, NEW_YORK);
    const id = await scheduledId({ date: far, time: '10am' });
    expect((await t.rows<Body>('appointments', '"id" = ?', [id]))[0]).toMatchObject({ date: far, time: '10:00' });
  });

  it("keeps to the tenant's own horizon: 30 days ahead books, 40 is asked again", async () => {
    const near = weekdayAhead(20, NEW_YORK);
    const id = await scheduledId({ date: near, time: '11am' }, NEAR_TENANT);
    expect((await t.rows<Body>('appointments', '"id" = ?', [id]))[0]).toMatchObject({ tenantId: NEAR_TENANT });

    const tooFar = weekdayAhead(40, NEW_YORK);
    const res = await book({ date: tooFar, time: '11am' }, NEAR_TENANT).expect(200);
    expect(res.body).toEqual({ status: 'error', message: en.beyondHorizon(30) });
    expect(res.body.message).toMatch(/up to 30 days ahead/);
    expect(await t.rows('appointments', '"tenantId" = ? AND "date" = ?', [NEAR_TENANT, tooFar])).toHaveLength(0);
  });

  it('books exactly one of two simultaneous calls for the same time', async () => {
    const [first, second] = await Promise.all([
      book({ date: RACE_DAY, time: '11am' }),
      book({ date: RACE_DAY, time: '11:00' }),
    ]);

    expect([first.status, second.status]).toEqual([200, 200]);
    expect([first.body.status, second.body.status].sort()).toEqual(['scheduled', 'unavailable']);
    const rows = await appointmentsAt(EN_TENANT, at('11:00', NEW_YORK, RACE_DAY));
    expect(rows).toHaveLength(1);
    const winner = first.body.status === 'scheduled' ? first.body : second.body;
    expect(rows[0].id).toBe(winner.appointment_id);
    expect(await stepsOf(rows[0].id)).toEqual(['11:00', '11:05', '11:10', '11:15', '11:20', '11:25']);
    const loser = first.body.status === 'scheduled' ? second.body : first.body;
    expect(loser.message).toBe(
      en.slotTaken(at('11:00', NEW_YORK, RACE_DAY), [at('10:30', NEW_YORK, RACE_DAY), at('11:30', NEW_YORK, RACE_DAY)]),
    );
  });

  it('books exactly one of five simultaneous overlapping calls', async () => {
    // Every one of them holds the step at 3:10.
    const times = ['3pm', '3:10 PM', '2:45 PM', '3:05 PM', '15:00'];
    const replies = await Promise.all(times.map((time) => book({ date: RACE_DAY, time })));

    expect(replies.map((reply) => reply.status)).toEqual([200, 200, 200, 200, 200]);
    expect(replies.filter((reply) => reply.body.status === 'scheduled')).toHaveLength(1);
    expect(replies.filter((reply) => reply.body.status === 'unavailable')).toHaveLength(4);
    const booked = await t.rows<Body>('appointments', '"tenantId" = ? AND "date" = ? AND "time" IN (?, ?, ?, ?)', [
      EN_TENANT,
      RACE_DAY,
      '15:00',
      '15:10',
      '14:45',
      '15:05',
    ]);
    expect(booked).toHaveLength(1);
    expect(await t.rows('appointment_slots', '"appointmentId" = ?', [booked[0].id])).toHaveLength(6);
  });

  it('frees the time when staff cancel, and takes it again when they bring it back', async () => {
    const id = await scheduledId({ date: RACE_DAY, time: '4pm' });
    expect((await book({ date: RACE_DAY, time: '4pm' }).expect(200)).body.status).toBe('unavailable');

    await t.http
      .patch(`/api/appointments/${id}?tenant_id=${EN_TENANT}`)
      .set(auth)
      .send({ status: 'cancelled' })
      .expect(200);
    expect(await stepsOf(id)).toEqual([]);
    expect((await t.rows<Body>('appointments', '"id" = ?', [id]))[0].status).toBe('cancelled');

    const rebooked = await scheduledId({ date: RACE_DAY, time: '4pm' });
    expect(await stepsOf(rebooked)).toHaveLength(6);

    // Bringing the cancelled one back would overlap the new one: refused, nothing changes.
    const back = await t.http
      .patch(`/api/appointments/${id}?tenant_id=${EN_TENANT}`)
      .set(auth)
      .send({ status: 'scheduled' })
      .expect(409);
    expect(namedFields(back.body)).toEqual(['time']);
    expect((await t.rows<Body>('appointments', '"id" = ?', [id]))[0].status).toBe('cancelled');
    expect(await stepsOf(id)).toEqual([]);
    expect(await stepsOf(rebooked)).toHaveLength(6);
  });

  it('moves the steps with a staff reschedule, and refuses a move onto another appointment', async () => {
    const id = await scheduledId({ date: RACE_DAY, time: '9am' });
    await scheduledId({ date: RACE_DAY, time: '10am' });

    const onto = await t.http
      .patch(`/api/appointments/${id}?tenant_id=${EN_TENANT}`)
      .set(auth)
      .send({ time: '09:45' })
      .expect(409);
    expect(namedFields(onto.body)).toEqual(['time']);
    expect((await t.rows<Body>('appointments', '"id" = ?', [id]))[0].time).toBe('09:00');
    expect(await stepsOf(id)).toEqual(['09:00', '09:05', '09:10', '09:15', '09:20', '09:25']);

    const moved = await t.http
      .patch(`/api/appointments/${id}?tenant_id=${EN_TENANT}`)
      .set(auth)
      .send({ time: '09:30' })
      .expect(200);
    expect(moved.body).toMatchObject({ id, time: '09:30', durationMinutes: 30 });
    const [row] = await t.rows<Body>('appointments', '"id" = ?', [id]);
    expect(row).toMatchObject({ time: '09:30', durationMinutes: 30 });
    expect(instant(row.startsAt)).toBe(at('09:30', NEW_YORK, RACE_DAY).toMillis());
    expect(await stepsOf(id)).toEqual(['09:30', '09:35', '09:40', '09:45', '09:50', '09:55']);
    // Its old time is free again.
    expect((await book({ date: RACE_DAY, time: '9am' }).expect(200)).body.status).toBe('scheduled');

    // A longer appointment would run into the one at 10.
    const longer = await t.http
      .patch(`/api/appointments/${id}?tenant_id=${EN_TENANT}`)
      .set(auth)
      .send({ durationMinutes: 45 })
      .expect(409);
    expect(namedFields(longer.body)).toEqual(['time']);
    expect((await t.rows<Body>('appointments', '"id" = ?', [id]))[0].durationMinutes).toBe(30);
    expect(await stepsOf(id)).toHaveLength(6);

    // A day without a time holds nothing.
    await t.http.patch(`/api/appointments/${id}?tenant_id=${EN_TENANT}`).set(auth).send({ time: null }).expect(200);
    expect(await stepsOf(id)).toEqual([]);
  });

  it('books staff appointments through the same steps: an overlap is a 409 naming time', async () => {
    const staffBooking = { callerName: 'Rosa', phone: '+13055550112', purpose: 'Quote', date: RACE_DAY };
    const created = await t.http
      .post(`/api/appointments?tenant_id=${EN_TENANT}`)
      .set(auth)
      .send({ ...staffBooking, time: '13:00' })
      .expect(201);
    expect(created.body).toMatchObject({ timezone: NEW_YORK, durationMinutes: 30, time: '13:00' });
    expect(await stepsOf(created.body.id)).toHaveLength(6);

    const clash = await t.http
      .post(`/api/appointments?tenant_id=${EN_TENANT}`)
      .set(auth)
      .send({ ...staffBooking, callerName: 'Clash', time: '13:15' })
      .expect(409);
    expect(clash.body).toMatchObject({ statusCode: 409, error: 'conflict', fields: ['time'] });
    expect(await t.rows('appointments', '"callerName" = ?', ['Clash'])).toHaveLength(0);

    // The voice agent sees the staff booking as taken.
    expect((await book({ date: RACE_DAY, time: '1pm' }).expect(200)).body.status).toBe('unavailable');

    // Staff may book outside hours, and a day without a time holds no steps.
    const evening = await t.http
      .post(`/api/appointments?tenant_id=${EN_TENANT}`)
      .set(auth)
      .send({ ...staffBooking, time: '19:00' })
      .expect(201);
    expect(await stepsOf(evening.body.id)).toHaveLength(6);
    const dayOnly = await t.http
      .post(`/api/appointments?tenant_id=${EN_TENANT}`)
      .set(auth)
      .send(staffBooking)
      .expect(201);
    expect(dayOnly.body.time).toBeNull();
    expect(await stepsOf(dayOnly.body.id)).toEqual([]);
  });

  it('gives appointments booked before the slot grid their steps when the backfill migration runs', async () => {
    const staffBooking = {
      callerName: 'Old Booking',
      phone: '+13055550113',
      purpose: 'Review',
      date: weekdayAhead(24, NEW_YORK),
    };
    const timed = await t.http
      .post(`/api/appointments?tenant_id=${EN_TENANT}`)
      .set(auth)
      .send({ ...staffBooking, time: '10:10', durationMinutes: 45 })
      .expect(201);
    const cancelled = await t.http
      .post(`/api/appointments?tenant_id=${EN_TENANT}`)
      .set(auth)
      .send({ ...staffBooking, time: '15:00' })
      .expect(201);
    await t.http
      .patch(`/api/appointments/${cancelled.body.id}?tenant_id=${EN_TENANT}`)
      .set(auth)
      .send({ status: 'cancelled' })
      .expect(200);
    const booked = await stepsOf(timed.body.id);
    expect(booked).toHaveLength(9);
    // As a database migrated before the grid existed holds them: no steps at all.
    await t.dataSource.query('DELETE FROM appointment_slots');

    const backfill = t.dataSource.migrations.find(
      (migration) => migration.name === 'BackfillAppointmentSlots1764014400000',
    )!;
    const runner = t.dataSource.createQueryRunner();
    try {
      await backfill.up(runner);
    } finally {
      await runner.release();
    }

    expect(await stepsOf(timed.body.id)).toEqual(booked);
    expect(await stepsOf(cancelled.body.id)).toEqual([]);
    const clash = await t.http
      .post(`/api/appointments?tenant_id=${EN_TENANT}`)
      .set(auth)
      .send({ ...staffBooking, callerName: 'Clash With Old', time: '10:30' })
      .expect(409);
    expect(clash.body.fields).toEqual(['time']);
  });

  it("keeps each tenant's calendar to itself", async () => {
    const res = await book({ date: DAY, time: '2pm' }, 'avail-other').expect(200);
    expect(res.body.status).toBe('scheduled');
  });

  it("follows the tenant's business hours and appointment length", async () => {
    const weekday = await book({ date: DAY, time: '10am' }, SATURDAY_TENANT).expect(200);
    expect(weekday.body.status).toBe('unavailable');
    expect(weekday.body.message).toMatch(
      /^I'm sorry, we're closed on .+ The first times I have are 10 AM or 10:15 AM on Saturday/,
    );

    const saturday = saturdayAfter(DAY);
    const id = await scheduledId({ date: saturday, time: '10am' }, SATURDAY_TENANT);
    expect((await t.rows<Body>('appointments', '"id" = ?', [id]))[0]).toMatchObject({
      durationMinutes: 45,
      date: saturday,
      time: '10:00',
    });
    expect(await stepsOf(id)).toHaveLength(9);
    // 45 minutes from 1:30 would end after closing at 2.
    const late = await book({ date: saturday, time: '1:30 PM' }, SATURDAY_TENANT).expect(200);
    expect(late.body.status).toBe('unavailable');
  });

  it("books in a Spanish tenant's own zone, and offers in Spanish", async () => {
    const madrid = (time: string) => at(time, MADRID);
    const spanishPhone = '612 34 56 78';
    const id = await scheduledId({ date: DAY, time: 'a las dos de la tarde', phone: spanishPhone }, ES_TENANT);
    const [row] = await t.rows<Body>('appointments', '"id" = ?', [id]);
    expect(row).toMatchObject({ timezone: MADRID, date: DAY, time: '14:00', phone: '+34612345678' });
    expect(instant(row.startsAt)).toBe(madrid('14:00').toMillis());
    expect(await stepsOf(id, MADRID)).toHaveLength(6);

    const taken = await book({ date: DAY, time: '14:00', phone: spanishPhone }, ES_TENANT).expect(200);
    expect(taken.body).toEqual({
      status: 'unavailable',
      message: es.slotTaken(madrid('14:00'), [madrid('13:30'), madrid('14:30')]),
    });
    expect(taken.body.message).toMatch(
      /^Lo siento, .+ a las 2 de la tarde ya está ocupado\. Tengo libre a la 1:30 de la tarde o a las 2:30 de la tarde ese mismo día, ¿le viene bien alguno\?$/,
    );

    const noTime = await book({ date: DAY, phone: spanishPhone }, ES_TENANT).expect(200);
    expect(noTime.body).toEqual({
      status: 'error',
      message: es.freeTimesOn(madrid('00:00'), [madrid('09:00'), madrid('09:15')]),
    });
    expect(noTime.body.message).toMatch(
      /^Tengo libre a las 9 de la mañana o a las 9:15 de la mañana el .+\. ¿Cuál prefiere\?$/,
    );
  });
});
