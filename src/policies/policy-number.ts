/** The comparable form of a policy number: upper-case letters and digits only ("pol-778 899" → "POL778899"). */
export function policyNumberKey(raw: string): string {
  return raw
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]/g, '')
    .toUpperCase();
}
