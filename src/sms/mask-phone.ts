/** A phone number for logs: only its last four digits ("***0111"). */
export function maskPhone(phone: string): string {
  return `***${phone.replace(/\D/g, '').slice(-4)}`;
}
