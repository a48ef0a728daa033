import { TENANT_LANGUAGES, type TenantLanguage } from '../../tenants/tenant.entity';

// How a language model or a platform may name a language in `args.language`.
const NAMES = new Map<string, TenantLanguage>([
  ['en', 'en'],
  ['english', 'en'],
  ['inglés', 'en'],
  ['ingles', 'en'],
  ['es', 'es'],
  ['spanish', 'es'],
  ['español', 'es'],
  ['espanol', 'es'],
  ['castellano', 'es'],
]);

/** A language we speak from a name or tag ("es", "es-MX", "Spanish", "español"), or undefined. */
export function languageNamed(value: unknown): TenantLanguage | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim().toLowerCase();
  return NAMES.get(text) ?? NAMES.get(text.split(/[-_]/)[0]);
}

/** The most preferred language we speak in an Accept-Language header ("es-MX,es;q=0.9,en;q=0.8"). */
export function languageAccepted(header: string | undefined): TenantLanguage | undefined {
  if (!header) return undefined;
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag, ...parameters] = part.trim().split(';');
      const q = parameters.map((parameter) => /^\s*q=([\d.]+)\s*$/.exec(parameter)?.[1]).find(Boolean);
      return { language: languageNamed(tag), weight: q === undefined ? 1 : Number(q), index };
    })
    .filter(
      (entry): entry is { language: TenantLanguage; weight: number; index: number } =>
        entry.language !== undefined && entry.weight > 0,
    )
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  return ranked[0]?.language;
}

/**
 * The language to answer in: the call's own hint (`args.language`, then Accept-Language), else
 * the tenant's, else English.
 */
export function resolveLanguage(hints: {
  argsLanguage?: unknown;
  acceptLanguage?: string;
  tenantLanguage?: string | null;
}): TenantLanguage {
  const tenant = (TENANT_LANGUAGES as readonly string[]).includes(hints.tenantLanguage ?? '')
    ? (hints.tenantLanguage as TenantLanguage)
    : undefined;
  return languageNamed(hints.argsLanguage) ?? languageAccepted(hints.acceptLanguage) ?? tenant ?? 'en';
}
