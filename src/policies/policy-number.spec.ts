import { policyNumberKey } from './policy-number';

describe('policyNumberKey', () => {
  it.each([
    ['pol-778 899', 'POL778899'],
    ['POL-778899', 'POL778899'],
    ['POL778899', 'POL778899'],
    ['pol778899', 'POL778899'],
    ['  POL 778 899  ', 'POL778899'],
    ['P.O.L./778_899', 'POL778899'],
    ['pol–778—899', 'POL778899'],
    ['#POL-778899!', 'POL778899'],
    ['AB-12-cd-34', 'AB12CD34'],
    ['778899', '778899'],
    ['ＰＯＬ－７７８８９９', 'POL778899'],
    ['Pól-1', 'POL1'],
    ['Ñ-12', 'N12'],
    ['ﬁ-9', 'FI9'],
    ['pol\t778\n899', 'POL778899'],
  ])('%p → %p', (raw, expected) => {
    expect(policyNumberKey(raw)).toBe(expected);
  });

  it.each(['', '   ', '---', '#/.', '🙂'])('%p has no comparable characters → ""', (raw) => {
    expect(policyNumberKey(raw)).toBe('');
  });

  it('gives the same key for the forms a caller and staff write one number in', () => {
    const forms = ['POL-778899', 'pol 778 899', 'Pol.778.899', 'p-o-l-7-7-8-8-9-9', 'ＰＯＬ７７８８９９'];
    expect(new Set(forms.map(policyNumberKey))).toEqual(new Set(['POL778899']));
  });

  it('keeps different numbers apart', () => {
    expect(policyNumberKey('POL-778899')).not.toBe(policyNumberKey('POL-778898'));
    expect(policyNumberKey('POL-7788990')).not.toBe(policyNumberKey('POL-778899'));
    expect(policyNumberKey('POLA-1')).not.toBe(policyNumberKey('POL-1'));
  });

  it('is idempotent', () => {
    for (const raw of ['pol-778 899', 'ＰＯＬ１２３', 'Pól-1'])
      expect(policyNumberKey(policyNumberKey(raw))).toBe(policyNumberKey(raw));
  });

  it('answers only upper-case ASCII letters and digits', () => {
    for (const raw of ['pol-778 899', 'Zürich-42', 'ΑΒΓ-1', 'Ⅻ-7', 'straße 5'])
      expect(policyNumberKey(raw)).toMatch(/^[A-Z0-9]*$/);
  });
});
