import type { TenantLanguage } from '../../tenants/tenant.entity';
import { english } from './spoken-en';
import { spanish } from './spoken-es';

/**
 * Every sentence the caller can hear from us, in one catalog per language (spoken-en.ts,
 * spoken-es.ts, the same keys in both). Each is one or two short sentences of natural speech:
 * no ids, codes, JSON or abbreviations with dots (the platform counts a period as the end of a
 * sentence).
 */
export type SpokenCatalog = typeof english;

const CATALOGS: Record<TenantLanguage, SpokenCatalog> = { en: english, es: spanish };

export function spokenIn(language: TenantLanguage): SpokenCatalog {
  return CATALOGS[language];
}

/** English: where no language is known yet (a request refused before its tool). */
export const Spoken = english;

export { spokenDateTime } from './spoken-date-time';
