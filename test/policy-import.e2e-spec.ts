/**
 * The policy book import, POST /api/policies/import, over real HTTP: the whole AppModule on a
 * real database (SQLite, or PostgreSQL with DATABASE_URL), asserting the rows of `policies`.
 */
import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { POLICY_IMPORTS_AT_ONCE } from '../src/policies/policy-import-slots';
import { createTestApp, onPostgres, OTHER_TENANT, TENANT, TestApp } from './support/test-app';

type Body = Record<string, any>;
type PolicyRow = Record<string, unknown>;

const HEADER = 'policy_number,status,first_name,last_name,phone,date_of_birth,product_type,renewal_date';
const IMPORT = '/api/policies/import';

/** A timestamp column as an instant: PostgreSQL hands back a Date, SQLite UTC text. */
function instant(value: unknown): number {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'string')
    return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value.replace(' ', 'T')}Z`).getTime();
  throw new Error(`not a timestamp: ${String(value)}`);
}

/** The columns a policy row holds for its holder, as the import writes them. */
const holder = (row: PolicyRow) => ({
  policyNumber: row.policyNumber,
  policyKey: row.policyKey,
  status: row.status,
  firstName: row.firstName,
  lastName: row.lastName,
  phone: row.phone,
  dateOfBirth: row.dateOfBirth,
  productType: row.productType,
  renewalDate: row.renewalDate,
});

describe('POST /api/policies/import', () => {
  let t: TestApp;
  let token: string;

  beforeAll(async () => {
    t = await createTestApp();
    token = await t.staffToken();
  });

  afterAll(async () => {
    await t?.close();
  });

  /** `tenant` null: no ?tenant_id=. */
  const asCsv = (csv: string, tenant: string | null = TENANT) =>
    t.http
      .post(tenant === null ? IMPORT : `${IMPORT}?tenant_id=${tenant}`)
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', 'text/csv')
      .send(csv);

  const asUpload = (csv: string, tenant = TENANT) =>
    t.http
      .post(`${IMPORT}?tenant_id=${tenant}`)
      .set('Authorization', `Bearer ${token}`)
      .attach('file', Buffer.from(csv, 'utf8'), { filename: 'book.csv', contentType: 'text/csv' });

  const policiesOf = (tenant: string) => t.rows<PolicyRow>('policies', '"tenantId" = ?', [tenant]);
  const policy = async (tenant: string, key: string) => {
    const rows = await t.rows<PolicyRow>('policies', '"tenantId" = ? AND "policyKey" = ?', [tenant, key]);
    expect(rows).toHaveLength(1);
    return rows[0];
  };
  const countOf = async (tenant: string) => {
    const [{ n }] = await t.rows<{ n: unknown }>(
      '(SELECT COUNT(*) AS n FROM policies WHERE "tenantId" = ?) AS counted',
      undefined,
      [tenant],
    );
    return Number(n);
  };

  async function createPolicy(tenant: string, body: Body): Promise<void> {
    await t.http
      .post(`/api/policies?tenant_id=${tenant}`)
      .set('Authorization', `Bearer ${token}`)
      .send(body)
      .expect(201);
  }

  describe('a book with good, duplicate, existing and malformed rows', () => {
    const tenant = 'import-mixed';
    let before: PolicyRow;
    let otherTenantBefore: PolicyRow;
    let res: { status: number; body: Body };

    beforeAll(async () => {
      const existing = {
        policyNumber: 'POL-100',
        status: 'active',
        firstName: 'Old',
        lastName: 'Name',
        phone: '+17865550100',
        dateOfBirth: '1970-01-01',
        productType: 'Boat',
        renewalDate: '2026-01-01',
      };
      await createPolicy(tenant, existing);
      await createPolicy(OTHER_TENANT, existing);
      before = await policy(tenant, 'POL100');
      otherTenantBefore = await policy(OTHER_TENANT, 'POL100');
      const csv = [
        HEADER, // 1
        'POL-200,active,Ana,Martinez,(786) 555-0198,1980-02-29,Auto,2027-03-01', // 2: created
        'pol-100,Lapsed,Luis,"Gómez, Jr.",786.555.0111,1975-06-15,Home,2026-12-31', // 3: updates POL-100
        'POL-201,pending,,Lee,,,Life,', // 4: created, empty cells are null
        'POL 200,cancelled,Dup,Row,,,,', // 5: a second POL-200
        'POL-202,terminated,Bad,Status,,,,', // 6
        'POL-203,active,Bad,Phone,555-01,,,', // 7
        'POL-204,active,Bad,Date,,1980-13-01,,', // 8
        ',active,No,Number,,,,', // 9
        'POL-205,active,Too,Few', // 10
        '', // 11: blank, skipped
        'POL-206,suspended,Mia,Wong,+44 20 7946 0958,,Travel,2026-08-01', // 12: created
      ].join('\r\n');
      res = await asCsv(csv, tenant);
    });

    it('answers the exact counts, and each rejected line with its reason', () => {
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        received: 10,
        created: 3,
        updated: 1,
        rejected: 6,
        errors: [
          { line: 5, reason: 'policy_number "POL 200" already appears on line 2: only its first line is imported' },
          {
            line: 6,
            reason: 'status "terminated" is not one of active, pending, lapsed, suspended, cancelled, expired',
          },
          { line: 7, reason: 'phone "555-01" is not a valid phone number' },
          { line: 8, reason: 'date_of_birth "1980-13-01" is not a date in the form YYYY-MM-DD' },
          { line: 9, reason: 'policy_number is missing' },
          { line: 10, reason: 'the row has 4 fields, the header has 8' },
        ],
      });
    });

    it('writes the new policies with ids, timestamps and E.164 phones', async () => {
      const rows = await policiesOf(tenant);
      expect(rows.map((row) => row.policyKey).sort()).toEqual(['POL100', 'POL200', 'POL201', 'POL206']);
      const created = [await policy(tenant, 'POL200'), await policy(tenant, 'POL201'), await policy(tenant, 'POL206')];
      expect(created.map(holder)).toEqual([
        {
          policyNumber: 'POL-200',
          policyKey: 'POL200',
          status: 'active',
          firstName: 'Ana',
          lastName: 'Martinez',
          phone: '+17865550198',
          dateOfBirth: '1980-02-29',
          productType: 'Auto',
          renewalDate: '2027-03-01',
        },
        {
          policyNumber: 'POL-201',
          policyKey: 'POL201',
          status: 'pending',
          firstName: null,
          lastName: 'Lee',
          phone: null,
          dateOfBirth: null,
          productType: 'Life',
          renewalDate: null,
        },
        {
          policyNumber: 'POL-206',
          policyKey: 'POL206',
          status: 'suspended',
          firstName: 'Mia',
          lastName: 'Wong',
          phone: '+442079460958',
          dateOfBirth: null,
          productType: 'Travel',
          renewalDate: '2026-08-01',
        },
      ]);
      for (const row of created) {
        expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        expect(Math.abs(instant(row.createdAt) - Date.now())).toBeLessThan(60_000);
        expect(instant(row.updatedAt)).toBe(instant(row.createdAt));
      }
    });

    it("updates the existing policy with the row's values, keeping its id and creation time", async () => {
      const after = await policy(tenant, 'POL100');
      expect(holder(after)).toEqual({
        policyNumber: 'pol-100',
        policyKey: 'POL100',
        status: 'lapsed',
        firstName: 'Luis',
        lastName: 'Gómez, Jr.',
        phone: '+17865550111',
        dateOfBirth: '1975-06-15',
        productType: 'Home',
        renewalDate: '2026-12-31',
      });
      expect([after.id, instant(after.createdAt)]).toEqual([before.id, instant(before.createdAt)]);
      expect(instant(after.updatedAt)).toBeGreaterThanOrEqual(instant(before.updatedAt));
    });

    it("leaves another tenant's policy with the same number untouched", async () => {
      expect(await policiesOf(OTHER_TENANT)).toEqual([otherTenantBefore]);
    });

    it('leaves the columns a file does not have as they are', async () => {
      const res = await asCsv('policyNumber,Status\nPOL-100,active\nPOL-300,expired\n', tenant);
      expect(res.body).toEqual({ received: 2, created: 1, updated: 1, rejected: 0, errors: [] });
      expect(holder(await policy(tenant, 'POL100'))).toEqual({
        policyNumber: 'POL-100',
        policyKey: 'POL100',
        status: 'active',
        firstName: 'Luis',
        lastName: 'Gómez, Jr.',
        phone: '+17865550111',
        dateOfBirth: '1975-06-15',
        productType: 'Home',
        renewalDate: '2026-12-31',
      });
      expect(holder(await policy(tenant, 'POL300'))).toMatchObject({ status: 'expired', firstName: null, phone: null });
    });

    it('lets the voice agent find an imported policy in its tenant only', async () => {
      const found = await t.tool(
        'check_policy_status',
        { policy_number: 'pol 206', last_name: 'wong' },
        { tenantId: tenant },
      );
      expect(found.body).toEqual({ status: 'found', message: expect.stringContaining("It's currently suspended") });
      const elsewhere = await t.tool('check_policy_status', { policy_number: 'POL-206' }, { tenantId: OTHER_TENANT });
      expect(elsewhere.body.status).toBe('not_found');
    });
  });

  it('takes the same CSV as a multipart upload in the field "file"', async () => {
    const tenant = 'import-multipart';
    const res = await asUpload(
      `\ufeff${HEADER}\nMP-1,active,Ana,Lee,7865550198,1990-05-05,Auto,2027-01-31\nMP-2,bogus,,,,,,\n`,
      tenant,
    );
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      received: 2,
      created: 1,
      updated: 0,
      rejected: 1,
      errors: [{ line: 3, reason: expect.stringMatching(/^status "bogus" is not one of/) }],
    });
    expect((await policiesOf(tenant)).map(holder)).toEqual([
      {
        policyNumber: 'MP-1',
        policyKey: 'MP1',
        status: 'active',
        firstName: 'Ana',
        lastName: 'Lee',
        phone: '+17865550198',
        dateOfBirth: '1990-05-05',
        productType: 'Auto',
        renewalDate: '2027-01-31',
      },
    ]);
  });

  describe('refuses a file it cannot read as a book, and writes nothing', () => {
    const tenant = 'import-refused';

    it.each([
      [
        'a header without status',
        'policy_number,first_name\nR-1,Ana\n',
        'status',
        'The header has no status column: both policy_number and status are required',
      ],
      [
        'a header without policy_number',
        'status,first_name\nactive,Ana\n',
        'policy_number',
        'The header has no policy_number column: both policy_number and status are required',
      ],
      [
        'a header with an unknown column',
        'policy_number,status,email\nR-1,active,ana@example.com\n',
        'email',
        'Unknown column(s) in the header: email. The columns are policy_number, status, first_name, last_name, phone, date_of_birth, product_type, renewal_date',
      ],
      [
        'a quoted field that never closes',
        'policy_number,status,last_name\nR-1,active,Lee\nR-2,active,"Kim\nR-3,active,Ng\n',
        'file',
        'Line 3: a quoted field is never closed, so the rest of the file cannot be read',
      ],
    ])('%s → 400 naming it', async (_case, csv, field, message) => {
      const res = await asCsv(csv, tenant);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ statusCode: 400, error: 'invalid', message: [message], fields: [field] });
      expect(await countOf(tenant)).toBe(0);
    });

    it('more than 50,000 rows → 400, nothing written', async () => {
      const rows = Array.from({ length: 50_001 }, (_, index) => `BIG-${index},active`);
      const res = await asCsv(['policy_number,status', ...rows].join('\n'), tenant);
      expect(res.status).toBe(400);
      expect(res.body.message).toEqual(['The file has more than 50,000 rows: split it into several files']);
      expect(await countOf(tenant)).toBe(0);
    }, 60_000);

    it('a body over 20 MB → 413 in the staff API shape, nothing written', async () => {
      const res = await asCsv(`policy_number,status\n${'X'.repeat(20 * 1024 * 1024)}\n`, tenant);
      expect(res.status).toBe(413);
      expect(res.body).toEqual({
        statusCode: 413,
        error: 'Payload Too Large',
        message: 'The file is larger than 20 MB: split it into several files',
      });
      expect(await countOf(tenant)).toBe(0);
    });

    it('a cross-tenant user without ?tenant_id= → 400 naming tenant_id, nothing written', async () => {
      const total = (await t.rows('policies')).length;
      const res = await asCsv('policy_number,status\nX-1,active\n', null);
      expect(res.status).toBe(400);
      expect(res.body.fields).toEqual(['tenant_id']);
      expect(await t.rows('policies')).toHaveLength(total);
    });

    it('no CSV at all (a JSON body) → 400 naming file', async () => {
      const res = await t.http
        .post(`${IMPORT}?tenant_id=${tenant}`)
        .set('Authorization', `Bearer ${token}`)
        .send({ policy_number: 'X-1', status: 'active' });
      expect(res.status).toBe(400);
      expect(res.body.fields).toEqual(['file']);
      expect(await countOf(tenant)).toBe(0);
    });

    it('without a staff token → 401, nothing written', async () => {
      const res = await t.http
        .post(`${IMPORT}?tenant_id=${tenant}`)
        .set('Content-Type', 'text/csv')
        .send('policy_number,status\nX-1,active\n');
      expect(res.status).toBe(401);
      expect(await countOf(tenant)).toBe(0);
    });
  });

  describe('a full book of 50,000 rows', () => {
    const tenant = 'import-big';
    const book = (status: string) =>
      [
        HEADER,
        ...Array.from({ length: 50_000 }, (_, index) => {
          const n = String(index).padStart(5, '0');
          return `BK-${n},${status},First${n},Last${n},(786) 55${n.slice(0, 1)}-${n.slice(1)},1980-01-${String((index % 28) + 1).padStart(2, '0')},Auto,2027-06-30`;
        }),
      ].join('\n');

    it('imports every row, and a second import updates every one', async () => {
      const first = await asCsv(book('active'), tenant);
      expect(first.status).toBe(200);
      expect(first.body).toEqual({ received: 50_000, created: 50_000, updated: 0, rejected: 0, errors: [] });
      expect(await countOf(tenant)).toBe(50_000);

      const second = await asCsv(book('lapsed'), tenant);
      expect(second.body).toEqual({ received: 50_000, created: 0, updated: 50_000, rejected: 0, errors: [] });
      const byStatus = await t.rows<{ status: string; n: unknown }>(
        '(SELECT "status", COUNT(*) AS n FROM policies WHERE "tenantId" = ? GROUP BY "status") AS counted',
        undefined,
        [tenant],
      );
      expect(byStatus.map((row) => [row.status, Number(row.n)])).toEqual([['lapsed', 50_000]]);
      expect(holder(await policy(tenant, 'BK12345'))).toEqual({
        policyNumber: 'BK-12345',
        policyKey: 'BK12345',
        status: 'lapsed',
        firstName: 'First12345',
        lastName: 'Last12345',
        phone: '+17865512345',
        dateOfBirth: '1980-01-26',
        productType: 'Auto',
        renewalDate: '2027-06-30',
      });

      const found = await t.tool(
        'check_policy_status',
        { policy_number: 'bk 12345', phone: '786-551-2345' },
        { tenantId: tenant },
      );
      expect(found.body).toEqual({ status: 'found', message: expect.stringContaining("It's currently lapsed") });
    }, 180_000);
  });

  describe('imports at once on an instance', () => {
    const SLOTS_TENANT = 'import-slots';
    const book = (prefix: string) =>
      `${HEADER}\n${prefix}-1,active,Ana,Rivera,+13055550101,1980-03-05,Auto,2031-01-15\n`;
    const imported = (prefix: string) => t.rows('policies', '"policyNumber" LIKE ?', [`${prefix}-%`]);
    /** Waits, bounded, for the app to reach a state (not a timing assertion: only the state is). */
    const until = async (reached: () => boolean) => {
      for (let attempt = 0; attempt < 500 && !reached(); attempt++) await new Promise((r) => setTimeout(r, 20));
      expect(reached()).toBe(true);
    };

    /** An import whose file is still on its way (10 bytes of it sent): it holds its slot until it ends. */
    function heldImport(port: number, prefix: string) {
      const body = Buffer.from(book(prefix), 'utf8');
      const request = httpRequest({
        host: '127.0.0.1',
        port,
        agent: false,
        method: 'POST',
        path: `${IMPORT}?tenant_id=${SLOTS_TENANT}`,
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'text/csv', 'Content-Length': body.length },
      });
      const answer = new Promise<number>((resolve, reject) => {
        request.on('response', (response) => response.resume().on('end', () => resolve(response.statusCode!)));
        request.on('error', reject);
      });
      request.write(body.subarray(0, 10));
      return { finish: () => request.end(body.subarray(10)), leave: () => request.destroy(), answer };
    }

    it('answers one import more than allowed 503 with Retry-After, writing nothing; a slot comes back when an import ends or its client leaves', async () => {
      const server = t.app.getHttpServer() as Server;
      if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as AddressInfo;
      const slots = t.provider<{ inUse: number }>('PolicyImportSlots');
      const changesBefore = await t.rows('record_changes', '"recordType" = ?', ['policy_import']);

      const held = Array.from({ length: POLICY_IMPORTS_AT_ONCE }, (_, index) => heldImport(port, `HELD${index}`));
      await until(() => slots.inUse === POLICY_IMPORTS_AT_ONCE);
      const refused = await asCsv(book('REFUSED'), SLOTS_TENANT).expect(503);
      expect(refused.headers['retry-after']).toBe('10');
      expect(refused.body).toMatchObject({ statusCode: 503, message: [expect.stringMatching(/already running/)] });
      expect(await imported('REFUSED')).toHaveLength(0);
      expect(await t.rows('record_changes', '"recordType" = ?', ['policy_import'])).toHaveLength(changesBefore.length);

      // A client that goes away mid-upload gives its slot back…
      held[0].leave();
      await held[0].answer.catch(() => undefined);
      await until(() => slots.inUse === POLICY_IMPORTS_AT_ONCE - 1);
      await asCsv(book('ADMITTED'), SLOTS_TENANT).expect(200);
      expect(await imported('ADMITTED')).toHaveLength(1);
      expect(await imported('HELD0')).toHaveLength(0);

      // …and so does an import that ends.
      for (const rest of held.slice(1)) {
        rest.finish();
        expect(await rest.answer).toBe(200);
      }
      expect(await imported('HELD1')).toHaveLength(1);
      await until(() => slots.inUse === 0);
    });
  });

  it('caps the errors listed at 1,000 and counts every rejected row', async () => {
    const tenant = 'import-capped';
    const rows = Array.from({ length: 1_500 }, (_, index) => `CAP-${index},${index < 1_200 ? 'bogus' : 'active'}`);
    const res = await asCsv(['policy_number,status', ...rows].join('\n'), tenant);
    expect(res.body).toMatchObject({ received: 1_500, created: 300, updated: 0, rejected: 1_200 });
    expect(res.body.errors).toHaveLength(1_000);
    expect(res.body.errors[999]).toEqual({ line: 1_001, reason: expect.stringMatching(/^status "bogus"/) });
    expect(await countOf(tenant)).toBe(300);
  });

  it('fails with 500 when the database fails, leaving no part of the failing chunk', async () => {
    const tenant = 'import-failing';
    // A real database error on one row of the second chunk of 500 (rows 501 to 1000).
    if (onPostgres) {
      await t.dataSource.query(
        `CREATE FUNCTION refuse_boom() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$`,
      );
      await t.dataSource.query(
        `CREATE TRIGGER refuse_boom BEFORE INSERT ON policies FOR EACH ROW WHEN (NEW."policyKey" = 'BOOM') EXECUTE FUNCTION refuse_boom()`,
      );
    } else {
      await t.dataSource.query(
        `CREATE TRIGGER refuse_boom BEFORE INSERT ON policies WHEN NEW."policyKey" = 'BOOM' BEGIN SELECT RAISE(ABORT, 'refused by the test'); END`,
      );
    }
    try {
      const rows = Array.from({ length: 1_200 }, (_, index) => (index === 700 ? 'BOOM,active' : `OK-${index},active`));
      const res = await asCsv(['policy_number,status', ...rows].join('\n'), tenant);
      expect(res.status).toBe(500);
      expect(res.body).toEqual({ statusCode: 500, message: 'Internal server error' });
      const keys = new Set((await policiesOf(tenant)).map((row) => row.policyKey));
      expect(keys.size).toBe(500);
      expect([keys.has('OK0'), keys.has('OK499'), keys.has('OK500'), keys.has('OK699'), keys.has('OK701')]).toEqual([
        true,
        true,
        false,
        false,
        false,
      ]);
    } finally {
      await t.dataSource.query(onPostgres ? 'DROP TRIGGER refuse_boom ON policies' : 'DROP TRIGGER refuse_boom');
      if (onPostgres) await t.dataSource.query('DROP FUNCTION refuse_boom()');
    }
  });
});
