import type { Request } from 'express';

/** A webhook's parameters: Vonage sends every one as a string. */
export type VonageParams = Readonly<Record<string, string>>;

export type VonageWebhookRequest = Request & { vonageParams?: VonageParams };

/**
 * The parameters of a Vonage webhook, from the query string and the body (JSON or form-encoded;
 * the body wins). Numbers and booleans become strings; anything else (arrays, objects: nothing
 * Vonage sends) makes the request malformed, so a signature can never cover a value the
 * handlers would read differently. Own properties only, built without a prototype to pollute.
 */
export function readVonageParams(request: Pick<Request, 'query' | 'body'>): VonageParams | null {
  const params: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const source of [request.query, request.body] as unknown[]) {
    if (source === undefined || source === null) continue;
    if (typeof source !== 'object' || Array.isArray(source)) return null;
    for (const [name, value] of Object.entries(source)) {
      if (typeof value === 'string') params[name] = value;
      else if (typeof value === 'number' || typeof value === 'boolean') params[name] = String(value);
      else return null;
    }
  }
  return params;
}
