import type { Lead } from './lead.entity';

/** What a caller gave on a call, already normalized (phone E.164, email lower case). */
export interface CallerDetails {
  firstName: string;
  lastName?: string | null;
  phone: string;
  email?: string | null;
  company?: string | null;
  interest?: string | null;
  notes?: string | null;
  source?: string | null;
}

/** The fields a returning caller can fill, with how staff read them in a note. */
const FILLABLE = [
  ['firstName', 'first name'],
  ['lastName', 'last name'],
  ['phone', 'phone'],
  ['email', 'email'],
  ['company', 'company'],
  ['interest', 'interest'],
] as const;

/** Blank: nothing staff could read. */
function isBlank(value: string | null | undefined): boolean {
  return value === null || value === undefined || value.trim().length === 0;
}

/** The same for a reader: case, accents and spacing aside ("José  García" = "jose garcia"). */
function sameValue(a: string, b: string): boolean {
  const plain = (text: string) =>
    text.normalize('NFKD').replace(/\p{M}/gu, '').replace(/\s+/g, ' ').trim().toLowerCase();
  return plain(a) === plain(b);
}

/** What to change on a lead a caller is already on file as. */
export interface ReturningLeadUpdate {
  /** Blank fields the caller filled, with their new values (notes included when appended). */
  patch: Partial<Pick<Lead, 'firstName' | 'lastName' | 'email' | 'company' | 'interest' | 'source' | 'notes'>>;
  /** The line appended to the lead's notes. */
  noteLine: string;
}

/**
 * How a returning caller's details update their lead: blank fields are filled; a field that
 * already holds something else is never overwritten, and the new value goes into the note
 * instead; the caller's own notes follow. Every call adds one note line, tagged with its call
 * id ("[call abc-123] wants a home insurance quote; company: Sol Bakery"), so staff see each
 * contact even when nothing new was said.
 */
export function returningLeadUpdate(lead: Lead, details: CallerDetails, callId: string | null): ReturningLeadUpdate {
  const patch: ReturningLeadUpdate['patch'] = {};
  const differences: string[] = [];
  for (const [field, label] of FILLABLE) {
    const given = details[field];
    if (isBlank(given)) continue;
    const current = lead[field];
    if (isBlank(current)) {
      // The phone is never blank: it is what a lead is found by.
      if (field !== 'phone') patch[field] = given!.trim();
    } else if (!sameValue(current!, given!)) {
      differences.push(`${label}: ${given!.trim()}`);
    }
  }
  if (isBlank(lead.source) && !isBlank(details.source)) patch.source = details.source!.trim();

  const said = [details.notes?.trim(), ...differences].filter((part): part is string => !isBlank(part));
  const noteLine = `[call ${callId ?? 'without an id'}] ${said.length > 0 ? said.join('; ') : 'called again'}`;
  patch.notes = isBlank(lead.notes) ? noteLine : `${lead.notes!.trimEnd()}\n${noteLine}`;
  return { patch, noteLine };
}
