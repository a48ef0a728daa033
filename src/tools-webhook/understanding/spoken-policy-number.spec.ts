import { policyNumberKey } from '../../policies/policy-number';
import { callerPolicyNumberKeys, policyNumberFromSpeech } from './spoken-policy-number';

describe('policy numbers as callers say them', () => {
  const key = (said: string) => policyNumberKey(policyNumberFromSpeech(said));

  it.each<[string, string]>([
    // Written, as the agent may pass them on.
    ['POL-778899', 'POL778899'],
    ['pol 778 899', 'POL778899'],
    ['p-o-l-7-7-8-8-9-9', 'POL778899'],
    ['ＰＯＬ－７７８８９９', 'POL778899'],
    ['HOM-2024-0042', 'HOM20240042'],
    ['AB-12-cd-34', 'AB12CD34'],
    // Letters spelled one by one, digits in words.
    ['policy a b c dash one two three', 'ABC123'],
    ['a b c one two three', 'ABC123'],
    ['p o l seven seven eight', 'POL778'],
    ['P O L seven seven eight, eight nine nine', 'POL778899'],
    ['p o l dash seven seven eight eight nine nine', 'POL778899'],
    ['pol seven seven eight double nine', 'POL77899'],
    ['pol double seven eight triple nine', 'POL778999'],
    ['pol 778 eight nine nine', 'POL778899'],
    ['my policy number is p o l seven seven eight', 'POL778'],
    ['h o m twenty twenty four oh oh forty two', 'HOM20240042'],
    ['hom two oh two four, zero zero four two', 'HOM20240042'],
    // The NATO alphabet, and letters explained.
    ['alpha bravo charlie one two three', 'ABC123'],
    ['Alfa Bravo Charlie dash 123', 'ABC123'],
    ['papa oscar lima seven seven eight', 'POL778'],
    ['x-ray yankee zulu nine', 'XYZ9'],
    ['b as in bravo, c as in charlie, one two three', 'BC123'],
    ['double a one', 'AA1'],
    // Spanish.
    ['póliza a b c guión uno dos tres', 'ABC123'],
    ['p o l siete siete ocho ocho nueve nueve', 'POL778899'],
    ['mi número de póliza es p o l guión siete siete ocho', 'POL778'],
    ['pol setenta y siete ochenta y ocho noventa y nueve', 'POL778899'],
    ['pol doble siete ocho, doble nueve', 'POL77899'],
    ['a b c guion cero uno dos', 'ABC012'],
  ])('%p → %p', (said, expected) => {
    expect(key(said)).toBe(expected);
  });

  it.each(['', '   ', 'policy number', 'dash dash', 'mi número de póliza es'])(
    '%p holds no policy number → ""',
    (said) => {
      expect(key(said)).toBe('');
    },
  );

  it('keeps different numbers apart', () => {
    expect(key('p o l seven seven eight')).not.toBe(key('p o l seven seven nine'));
    expect(key('a b c one two three')).not.toBe(key('a b one two three'));
  });

  describe('callerPolicyNumberKeys', () => {
    it('tries the number as spelled out first, then as written', () => {
      expect(callerPolicyNumberKeys('zulu one')).toEqual(['Z1', 'ZULUONE']);
      expect(callerPolicyNumberKeys('ZULU-1')).toEqual(['Z1', 'ZULU1']);
    });

    it('gives one key when both readings agree', () => {
      expect(callerPolicyNumberKeys('POL-778899')).toEqual(['POL778899']);
    });

    it('gives none for text without letters or digits', () => {
      expect(callerPolicyNumberKeys('---')).toEqual([]);
    });
  });
});
