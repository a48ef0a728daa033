import { isUtf8 } from 'node:buffer';
import { finished } from 'node:stream/promises';
import { setImmediate } from 'node:timers/promises';

import { CsvError, parse } from 'csv-parse';

import { DomainException } from '../common/errors/domain.exception';
import { Policy, POLICY_STATUSES } from './policy.entity';
import { policyNumberKey } from './policy-number';

export const POLICY_IMPORT_MAX_ROWS = 50_000;

/** The columns of a policy book, by their documented name, and the policy field each fills. */
const COLUMNS = {
  policy_number: 'policyNumber',
  status: 'status',
  first_name: 'firstName',
  last_name: 'lastName',
  phone: 'phone',
  date_of_birth: 'dateOfBirth',
  product_type: 'productType',
  renewal_date: 'renewalDate',
} as const;
type ColumnName = keyof typeof COLUMNS;
type OptionalColumn = Exclude<ColumnName, 'policy_number' | 'status'>;
export type OptionalPolicyField = (typeof COLUMNS)[OptionalColumn];

/** "Policy Number", "policy_number" and "policyNumber" all name one column. */
const comparable = (name: string) => name.replace(/[\s_-]/g, '').toLowerCase();
const COLUMN_BY_HEADER = new Map(Object.keys(COLUMNS).map((name) => [comparable(name), name as ColumnName]));

const MAX_LENGTH: Record<Exclude<ColumnName, 'status'>, number> = {
  policy_number: 64,
  first_name: 100,
  last_name: 100,
  phone: 40,
  date_of_birth: 10,
  product_type: 100,
  renewal_date: 10,
};

export type PolicyValues = Pick<Policy, 'policyNumber' | 'policyKey' | 'status'> &
  Partial<Pick<Policy, OptionalPolicyField>>;

export interface PolicyCsvRow {
  /** Line in the file where the row starts (the header is line 1). */
  line: number;
  /** The required fields, and the optional ones the header has (an empty cell is null). */
  values: PolicyValues;
}

export interface PolicyCsvRejection {
  line: number;
  reason: string;
}

export interface ParsedPolicyCsv {
  /** The optional fields the header has: an update overwrites these and leaves the others alone. */
  fields: OptionalPolicyField[];
  /** Data rows in the file, blank lines left out. */
  received: number;
  rows: PolicyCsvRow[];
  rejections: PolicyCsvRejection[];
}

const invalidFile = (message: string, field = 'file') => DomainException.invalid(field, message);
/** A value as quoted back in a reason: short enough that a pasted paragraph does not flood the answer. */
const quote = (value: string) => JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);

function readHeader(record: string[]): ColumnName[] {
  const names = record.map((raw, index) => {
    const name = raw.trim();
    if (name === '') throw invalidFile(`Column ${index + 1} of the header has no name`);
    return name;
  });
  const unknown = names.filter((name) => !COLUMN_BY_HEADER.has(comparable(name)));
  if (unknown.length > 0) {
    throw invalidFile(
      `Unknown column(s) in the header: ${unknown.join(', ')}. The columns are ${Object.keys(COLUMNS).join(', ')}`,
      unknown[0],
    );
  }
  const columns = names.map((name) => COLUMN_BY_HEADER.get(comparable(name))!);
  const repeated = columns.find((name, index) => columns.indexOf(name) !== index);
  if (repeated) throw invalidFile(`The column ${repeated} appears twice in the header`, repeated);
  const missing = (['policy_number', 'status'] as const).filter((name) => !columns.includes(name));
  if (missing.length > 0)
    throw invalidFile(
      `The header has no ${missing.join(' and no ')} column: both policy_number and status are required`,
      missing[0],
    );
  return columns;
}

/** YYYY-MM-DD, and a day the calendar has. */
function isDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const year = Number(value.slice(0, 4));
  const month = Number(value.slice(5, 7));
  const day = Number(value.slice(8, 10));
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return (
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
  );
}

/**
 * A data row's cells (trimmed, one per header column) to the values of a policy, or every reason
 * it cannot be one. `key` is the policy number's comparable form, computed once by the caller.
 */
function readRow(
  columns: ColumnName[],
  cells: string[],
  key: string,
  toE164: (raw: string) => string | null,
): { values: PolicyValues } | { reasons: string[] } {
  const reasons: string[] = [];
  const values: Record<string, string | null> = {};
  for (let index = 0; index < columns.length; index++) {
    const column = columns[index];
    const value = cells[index];
    if (value === '') {
      if (column === 'policy_number' || column === 'status') reasons.push(`${column} is missing`);
      else values[COLUMNS[column]] = null;
      continue;
    }
    if (column !== 'status' && value.length > MAX_LENGTH[column]) {
      reasons.push(`${column} is longer than ${MAX_LENGTH[column]} characters`);
      continue;
    }
    switch (column) {
      case 'policy_number':
        if (key === '') reasons.push(`policy_number ${quote(value)} has no letters or digits`);
        values.policyNumber = value;
        values.policyKey = key;
        break;
      case 'status': {
        // Exports from other systems often capitalise ("Active"): the meaning is clear.
        const status = value.toLowerCase();
        if ((POLICY_STATUSES as readonly string[]).includes(status)) values.status = status;
        else reasons.push(`status ${quote(value)} is not one of ${POLICY_STATUSES.join(', ')}`);
        break;
      }
      case 'phone': {
        const phone = toE164(value);
        if (phone) values.phone = phone;
        else reasons.push(`phone ${quote(value)} is not a valid phone number`);
        break;
      }
      case 'date_of_birth':
      case 'renewal_date':
        if (isDate(value)) values[COLUMNS[column]] = value;
        else reasons.push(`${column} ${quote(value)} is not a date in the form YYYY-MM-DD`);
        break;
      default:
        values[COLUMNS[column]] = value;
    }
  }
  return reasons.length > 0 ? { reasons } : { values: values as unknown as PolicyValues };
}

/** Line numbers from byte offsets: csv-parse's own `lines` counts a CRLF inside a quoted field twice. */
class LineCounter {
  private offset = 0;
  line = 1;

  constructor(private readonly bytes: Buffer) {}

  /** The line the next record starts on, past the blank lines before it. */
  nextStart(): number {
    while (this.bytes[this.offset] === 0x0a || this.bytes[this.offset] === 0x0d) this.advanceTo(this.offset + 1);
    return this.line;
  }

  advanceTo(end: number): void {
    for (; this.offset < end; this.offset++) {
      const byte = this.bytes[this.offset];
      if (byte === 0x0a || (byte === 0x0d && this.bytes[this.offset + 1] !== 0x0a)) this.line++;
    }
  }
}

/** What is done with each data row as it is read (blank lines left out): `line` is where it starts. */
type OnDataRow = (header: ColumnName[], line: number, cells: string[]) => void;

/** Bytes parsed between two turns of the event loop: a few milliseconds of work. */
const SLICE_BYTES = 64 * 1024;

/**
 * Reads the header, and hands each data row to `onRow` as soon as it is parsed (so that no list
 * of all the raw rows is ever held: an import's memory is its parsed policies); answers the
 * header. The CSV syntax and the limits on the file as a whole are checked here. Fed to csv-parse
 * a slice at a time, letting the app answer live calls in between (the whole of a 20 MB file
 * would hold the event loop for seconds).
 */
async function readRecords(csv: Buffer, onRow: OnDataRow): Promise<ColumnName[]> {
  if (!isUtf8(csv)) throw invalidFile('The file is not UTF-8 text: save it as "CSV UTF-8"');
  const lines = new LineCounter(csv);
  let header: ColumnName[] | undefined;
  let rows = 0;
  // Noted rather than thrown: an error thrown from on_record escapes csv-parse's stream mid-write.
  let refusal: Error | undefined;
  const onRecord = (record: string[], context: { bytes: number }): null => {
    if (refusal) return null;
    const line = lines.nextStart();
    lines.advanceTo(context.bytes);
    if (!header) {
      try {
        header = readHeader(record);
      } catch (error) {
        refusal = error instanceof Error ? error : new Error(String(error));
      }
      return null;
    }
    const cells = record.map((cell) => cell.trim());
    // A blank line, or one of empty cells (",,,", as spreadsheets export), is no row.
    if (cells.every((cell) => cell === '')) return null;
    if (rows === POLICY_IMPORT_MAX_ROWS) {
      refusal = invalidFile(
        `The file has more than ${POLICY_IMPORT_MAX_ROWS.toLocaleString('en-US')} rows: split it into several files`,
      );
      return null;
    }
    rows += 1;
    try {
      onRow(header, line, cells);
    } catch (error) {
      refusal = error instanceof Error ? error : new Error(String(error));
    }
    return null; // handed over above, with its line
  };
  // relax_quotes: a stray quote inside an unquoted cell (5'10" or 4"x) is kept as written.
  const parser = parse({
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    on_record: onRecord,
  });
  const done = finished(parser.resume()).catch((error: unknown) =>
    error instanceof Error ? error : new Error(String(error)),
  );
  for (let offset = 0; offset < csv.length && !refusal && !parser.destroyed; offset += SLICE_BYTES) {
    parser.write(csv.subarray(offset, offset + SLICE_BYTES));
    await setImmediate();
  }
  if (refusal) parser.destroy();
  else if (!parser.destroyed) parser.end();
  const failure = await done;
  if (refusal) throw refusal;
  if (failure instanceof CsvError) {
    const line = lines.nextStart();
    if (failure.code === 'CSV_QUOTE_NOT_CLOSED')
      throw invalidFile(`Line ${line}: a quoted field is never closed, so the rest of the file cannot be read`);
    throw invalidFile(`Line ${line}: the file cannot be read as CSV (${failure.message})`);
  }
  if (failure) throw failure;
  if (!header) throw invalidFile('The file is empty: its first line must be the header (policy_number,status,...)');
  return header;
}

/**
 * Reads a policy book: a header naming the columns, then one policy per row. A row that cannot
 * be imported is rejected with its line and reasons, and the other rows go on; a file that
 * cannot be read as a whole (bad header, broken quoting, too many rows) is refused, so nothing
 * is half-imported. A policy number already seen on an earlier line is rejected: the first wins.
 * The file is read in slices, each row as soon as it is parsed, so that live calls are answered
 * meanwhile and no second copy of the rows is held.
 */
export async function parsePolicyCsv(csv: Buffer, toE164: (raw: string) => string | null): Promise<ParsedPolicyCsv> {
  const rows: PolicyCsvRow[] = [];
  const rejections: PolicyCsvRejection[] = [];
  let received = 0;
  const firstLineOf = new Map<string, number>();
  // Each row is read as it is parsed (a 64 kB slice of the file is a few hundred rows, some
  // milliseconds of phone parsing, between two turns of the event loop).
  const header = await readRecords(csv, (columns, line, cells) => {
    received += 1;
    if (cells.length !== columns.length) {
      rejections.push({ line, reason: `the row has ${cells.length} fields, the header has ${columns.length}` });
      return;
    }
    const number = cells[columns.indexOf('policy_number')];
    const key = policyNumberKey(number);
    const earlier = key === '' ? undefined : firstLineOf.get(key);
    if (earlier !== undefined) {
      rejections.push({
        line,
        reason: `policy_number ${quote(number)} already appears on line ${earlier}: only its first line is imported`,
      });
      return;
    }
    if (key !== '') firstLineOf.set(key, line);
    const read = readRow(columns, cells, key, toE164);
    if ('reasons' in read) rejections.push({ line, reason: read.reasons.join('; ') });
    else rows.push({ line, values: read.values });
  });
  const fields = header.filter((name) => name !== 'policy_number' && name !== 'status').map((name) => COLUMNS[name]);
  return { fields, received, rows, rejections };
}
