import type { Lead } from './lead.entity';
import { CallerDetails, returningLeadUpdate } from './returning-lead';

const ON_FILE = {
  id: 'lead-1',
  tenantId: 'tenant-a',
  callId: 'call-first',
  firstName: 'Ana',
  lastName: null,
  phone: '+17865550198',
  email: null,
  company: 'Sol Bakery',
  interest: 'auto insurance',
  notes: null,
  source: 'voice_agent',
  status: 'contacted',
  ownerId: null,
} as unknown as Lead;

const CALLER: CallerDetails = { firstName: 'Ana', phone: '+17865550198' };

describe('returningLeadUpdate', () => {
  it('fills blank fields and notes the call', () => {
    const { patch, noteLine } = returningLeadUpdate(
      ON_FILE,
      { ...CALLER, lastName: ' Díaz ', email: 'ana@example.com' },
      'abc-123',
    );

    expect(patch).toEqual({ lastName: 'Díaz', email: 'ana@example.com', notes: '[call abc-123] called again' });
    expect(noteLine).toBe('[call abc-123] called again');
  });

  it("appends the caller's notes with the call id", () => {
    const { patch } = returningLeadUpdate(ON_FILE, { ...CALLER, notes: 'wants a home insurance quote' }, 'abc-123');
    expect(patch.notes).toBe('[call abc-123] wants a home insurance quote');
  });

  it('never overwrites a field that holds something else: the new value goes into the note', () => {
    const { patch, noteLine } = returningLeadUpdate(
      ON_FILE,
      { ...CALLER, company: 'Luna Cafe', interest: 'home insurance', notes: 'prefers mornings' },
      'abc-124',
    );

    expect(patch).not.toHaveProperty('company');
    expect(patch).not.toHaveProperty('interest');
    expect(noteLine).toBe('[call abc-124] prefers mornings; company: Luna Cafe; interest: home insurance');
  });

  it('takes the same value in another case, spacing or accents as no change', () => {
    const { patch, noteLine } = returningLeadUpdate(
      { ...ON_FILE, lastName: 'García' },
      { ...CALLER, firstName: 'ANA', lastName: 'garcia', company: 'sol  bakery', interest: 'Auto Insurance' },
      'abc-125',
    );

    expect(patch).toEqual({ notes: '[call abc-125] called again' });
    expect(noteLine).not.toMatch(/company|interest|name/);
  });

  it('notes another first name or phone without changing them', () => {
    const { patch, noteLine } = returningLeadUpdate(
      ON_FILE,
      { ...CALLER, firstName: 'Anita', phone: '+13055550111' },
      'abc-126',
    );

    expect(patch).toEqual({ notes: noteLine });
    expect(noteLine).toBe('[call abc-126] first name: Anita; phone: +13055550111');
  });

  it('adds a line to notes that are already there', () => {
    const { patch } = returningLeadUpdate(
      { ...ON_FILE, notes: '[call call-first] two cars\n' },
      { ...CALLER, notes: 'a third car' },
      'abc-127',
    );
    expect(patch.notes).toBe('[call call-first] two cars\n[call abc-127] a third car');
  });

  it('fills a blank source, and keeps one that is set', () => {
    expect(returningLeadUpdate({ ...ON_FILE, source: null }, { ...CALLER, source: 'radio ad' }, 'c').patch.source).toBe(
      'radio ad',
    );
    expect(returningLeadUpdate(ON_FILE, { ...CALLER, source: 'radio ad' }, 'c').patch).not.toHaveProperty('source');
  });

  it('treats blank values on either side as nothing', () => {
    const { patch } = returningLeadUpdate(
      { ...ON_FILE, lastName: '  ' },
      { ...CALLER, lastName: 'Díaz', email: '   ', notes: ' ' },
      'c',
    );
    expect(patch).toEqual({ lastName: 'Díaz', notes: '[call c] called again' });
  });

  it('says so when the call had no id', () => {
    expect(returningLeadUpdate(ON_FILE, CALLER, null).noteLine).toBe('[call without an id] called again');
  });
});
