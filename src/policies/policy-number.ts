import { policyNumberFromSpeech } from './spoken-policy-number';

/** The comparable form of a policy number: upper-case letters and digits only ("pol-778 899" → "POL778899"). */
export function policyNumberKey(raw: string): string {
  return raw
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]/g, '')
    .toUpperCase();
}

/**
 * The keys a caller's policy number may have, the likelier first: as spelled out in words ("a b c
 * one two three" → ABC123), then as written, for a number that really holds such a word ("ZULU-1").
 */
export function callerPolicyNumberKeys(raw: string): string[] {
  const keys = [policyNumberKey(policyNumberFromSpeech(raw)), policyNumberKey(raw)].filter((key) => key.length > 0);
  return [...new Set(keys)];
}
