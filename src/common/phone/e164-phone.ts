/**
 * A phone number already read and validated as E.164 (PhoneNumbersService.toE164/requireE164):
 * what domain services and lookups take, so that a number is parsed once per call and no raw
 * text reaches a query that matches stored (E.164) numbers. Still a string wherever one is read.
 */
export type E164Phone = string & { readonly __e164Phone: true };
