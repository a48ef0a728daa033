import { ConfigService } from '@nestjs/config';

import { DomainException } from '../common/errors/domain.exception';
import { PhoneNumbersService } from '../common/phone/phone-numbers.service';
import { parsePolicyCsv, POLICY_IMPORT_MAX_ROWS } from './policy-csv.parser';

const phones = new PhoneNumbersService(new ConfigService({ DEFAULT_COUNTRY: 'US' }));
const read = (text: string | Buffer) =>
  parsePolicyCsv(Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8'), (raw) => phones.toE164(raw));

/** The 400 a file is refused with: its message and the field it names. */
async function refusal(text: string | Buffer): Promise<{ message: string; field?: string }> {
  try {
    await read(text);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainException);
    const { code, message, field } = error as DomainException;
    expect(code).toBe('invalid');
    return { message, field };
  }
  throw new Error('the file was not refused');
}

describe('parsePolicyCsv', () => {
  it('reads every column, by name in any order, into the values of a policy', async () => {
    const book = await read(
      'renewal_date,Status,policy_number,first_name,last_name,phone,date_of_birth,product_type\n' +
        '2027-03-01,active,POL-1,Ana,Martinez,(786) 555-0198,1980-02-29,Auto\n',
    );
    expect(book).toEqual({
      fields: ['renewalDate', 'firstName', 'lastName', 'phone', 'dateOfBirth', 'productType'],
      received: 1,
      rows: [
        {
          line: 2,
          values: {
            renewalDate: '2027-03-01',
            status: 'active',
            policyNumber: 'POL-1',
            policyKey: 'POL1',
            firstName: 'Ana',
            lastName: 'Martinez',
            phone: '+17865550198',
            dateOfBirth: '1980-02-29',
            productType: 'Auto',
          },
        },
      ],
      rejections: [],
    });
  });

  it('takes the camelCase names and any case or surrounding spaces in the header', async () => {
    const book = await read(' PolicyNumber , STATUS,firstName, date_of_Birth \nPOL-1,Lapsed,Ana,1990-01-31\n');
    expect(book.fields).toEqual(['firstName', 'dateOfBirth']);
    expect(book.rows).toEqual([
      {
        line: 2,
        values: {
          policyNumber: 'POL-1',
          policyKey: 'POL1',
          status: 'lapsed',
          firstName: 'Ana',
          dateOfBirth: '1990-01-31',
        },
      },
    ]);
  });

  it('reads an empty cell as null, and trims cells', async () => {
    const book = await read('policy_number,status,phone,last_name\n  POL-1 , active ,,\n');
    expect(book.rows).toEqual([
      { line: 2, values: { policyNumber: 'POL-1', policyKey: 'POL1', status: 'active', phone: null, lastName: null } },
    ]);
  });

  it('handles a BOM, CRLF, quoted fields with commas, quotes and line breaks, and skips blank lines', async () => {
    const text =
      '\ufeffpolicy_number,status,last_name,product_type\r\n' +
      'POL-1,active,"Smith, Jr.","Home ""Plus"""\r\n' +
      '\r\n' +
      '   \r\n' +
      ',,,\r\n' +
      'POL-2,pending,O\'Brien,"Auto\r\nand Home"\r\n' +
      'POL-3,active,Lee,"Life\nTerm"\r\n' +
      'POL-4,active,Kim,Boat';
    const book = await read(text);
    expect(book.received).toBe(4);
    expect(book.rejections).toEqual([]);
    expect(
      book.rows.map((row) => [row.line, row.values.policyNumber, row.values.lastName, row.values.productType]),
    ).toEqual([
      [2, 'POL-1', 'Smith, Jr.', 'Home "Plus"'],
      [6, 'POL-2', "O'Brien", 'Auto\r\nand Home'],
      [8, 'POL-3', 'Lee', 'Life\nTerm'],
      [10, 'POL-4', 'Kim', 'Boat'],
    ]);
  });

  it('reads a file larger than one slice whole: characters and quoted line breaks across slice boundaries, and their lines', async () => {
    const rows = Array.from(
      { length: 4000 },
      (_, index) => `P-${index},active,Muñoz-Ibáñez €${index},"Auto\r\nand Home ✓${index}"`,
    );
    const text = `policy_number,status,last_name,product_type\r\n${rows.join('\r\n')}\r\n`;
    expect(Buffer.byteLength(text)).toBeGreaterThan(3 * 64 * 1024);
    const book = await read(text);
    expect(book.rejections).toEqual([]);
    expect(book.rows).toHaveLength(4000);
    book.rows.forEach((row, index) => {
      expect([row.line, row.values.lastName, row.values.productType]).toEqual([
        2 + 2 * index,
        `Muñoz-Ibáñez €${index}`,
        `Auto\r\nand Home ✓${index}`,
      ]);
    });
  });

  it('keeps a stray quote inside an unquoted cell as written', async () => {
    const book = await read('policy_number,status,product_type\nPOL-1,active,6\'2" trailer\n');
    expect(book.rows[0].values.productType).toBe('6\'2" trailer');
  });

  it('rejects each bad row with its line and every reason, naming the column, and keeps the good ones', async () => {
    const text = [
      'policy_number,status,phone,date_of_birth,renewal_date,first_name',
      'POL-1,active,+17865550198,1980-01-01,2027-01-01,Ana', // 2 good
      'POL-2,terminated,,,,', // 3
      'POL-3,active,555-01,,,', // 4
      'POL-4,active,,1980-02-30,01/02/2027,', // 5
      ',active,,,,', // 6
      'POL-6,active,,', // 7
      '---,active,,,,', // 8
      `POL-9,,not a phone,,,${'x'.repeat(101)}`, // 9
      'POL-10,expired,,,,Bo', // 10 good
    ].join('\n');
    const book = await read(text);
    expect(book.received).toBe(9);
    expect(book.rows.map((row) => row.line)).toEqual([2, 10]);
    expect(book.rejections).toEqual([
      { line: 3, reason: 'status "terminated" is not one of active, pending, lapsed, suspended, cancelled, expired' },
      { line: 4, reason: 'phone "555-01" is not a valid phone number' },
      {
        line: 5,
        reason:
          'date_of_birth "1980-02-30" is not a date in the form YYYY-MM-DD; renewal_date "01/02/2027" is not a date in the form YYYY-MM-DD',
      },
      { line: 6, reason: 'policy_number is missing' },
      { line: 7, reason: 'the row has 4 fields, the header has 6' },
      { line: 8, reason: 'policy_number "---" has no letters or digits' },
      {
        line: 9,
        reason:
          'status is missing; phone "not a phone" is not a valid phone number; first_name is longer than 100 characters',
      },
    ]);
  });

  it('imports a policy number from its first line only, whatever its spelling on the later ones', async () => {
    const book = await read(
      'policy_number,status\nPOL-1,active\nPOL-2,active\npol 1,lapsed\nPOL-2,expired\nPOL-1,pending\n',
    );
    expect(book.rows.map((row) => [row.line, row.values.policyNumber, row.values.status])).toEqual([
      [2, 'POL-1', 'active'],
      [3, 'POL-2', 'active'],
    ]);
    expect(book.rejections).toEqual([
      { line: 4, reason: 'policy_number "pol 1" already appears on line 2: only its first line is imported' },
      { line: 5, reason: 'policy_number "POL-2" already appears on line 3: only its first line is imported' },
      { line: 6, reason: 'policy_number "POL-1" already appears on line 2: only its first line is imported' },
    ]);
  });

  it('lets the first line of a number win even when that line is rejected', async () => {
    const book = await read('policy_number,status\nPOL-1,bogus\nPOL-1,active\n');
    expect(book.rows).toEqual([]);
    expect(book.rejections).toEqual([
      { line: 2, reason: 'status "bogus" is not one of active, pending, lapsed, suspended, cancelled, expired' },
      { line: 3, reason: 'policy_number "POL-1" already appears on line 2: only its first line is imported' },
    ]);
  });

  it('answers nothing for a header without rows', async () => {
    expect(await read('policy_number,status\r\n\r\n')).toEqual({ fields: [], received: 0, rows: [], rejections: [] });
  });

  it.each([
    [
      'policy_number,first_name\nPOL-1,Ana\n',
      'status',
      'The header has no status column: both policy_number and status are required',
    ],
    [
      'status\nactive\n',
      'policy_number',
      'The header has no policy_number column: both policy_number and status are required',
    ],
    [
      'first_name\nAna\n',
      'policy_number',
      'The header has no policy_number and no status column: both policy_number and status are required',
    ],
    [
      'policy_number,status,email,Notes,constructor\nPOL-1,active,a@b.c,x,y\n',
      'email',
      'Unknown column(s) in the header: email, Notes, constructor. The columns are policy_number, status, first_name, last_name, phone, date_of_birth, product_type, renewal_date',
    ],
    [
      'policy_number,status,policyNumber\nPOL-1,active,POL-1\n',
      'policy_number',
      'The column policy_number appears twice in the header',
    ],
    ['policy_number,status,\nPOL-1,active,\n', 'file', 'Column 3 of the header has no name'],
    ['', 'file', 'The file is empty: its first line must be the header (policy_number,status,...)'],
    ['\r\n\r\n', 'file', 'The file is empty: its first line must be the header (policy_number,status,...)'],
  ])('refuses the header of %p, naming %p', async (text, field, message) => {
    expect(await refusal(text)).toEqual({ field, message });
  });

  it('refuses a file whose quoting never closes, naming the line it opens on', async () => {
    expect(
      await refusal('policy_number,status,last_name\nPOL-1,active,Lee\n\nPOL-2,active,"Kim\nPOL-3,active,Ng\n'),
    ).toEqual({
      field: 'file',
      message: 'Line 4: a quoted field is never closed, so the rest of the file cannot be read',
    });
  });

  it('refuses a file that is not UTF-8', async () => {
    expect(await refusal(Buffer.from('policy_number,status,last_name\nPOL-1,active,Mu\xf1oz\n', 'latin1'))).toEqual({
      field: 'file',
      message: 'The file is not UTF-8 text: save it as "CSV UTF-8"',
    });
  });

  it('lets the event loop turn while it reads a large book, so live calls are answered meanwhile', async () => {
    const order: string[] = [];
    setImmediate(() => order.push('another request'));
    const book = await read(
      `policy_number,status\n${Array.from({ length: 3000 }, (_, index) => `P-${index},active\n`).join('')}`,
    );
    order.push('book read');
    expect([order, book.rows.length]).toEqual([['another request', 'book read'], 3000]);
  });

  it(`takes ${POLICY_IMPORT_MAX_ROWS} rows and refuses one more`, async () => {
    const rows = (count: number) =>
      `policy_number,status\n${Array.from({ length: count }, (_, index) => `P-${index},active\n`).join('')}\n\n`;
    expect((await read(rows(POLICY_IMPORT_MAX_ROWS))).rows).toHaveLength(POLICY_IMPORT_MAX_ROWS);
    expect(await refusal(rows(POLICY_IMPORT_MAX_ROWS + 1))).toEqual({
      field: 'file',
      message: 'The file has more than 50,000 rows: split it into several files',
    });
  });
});
