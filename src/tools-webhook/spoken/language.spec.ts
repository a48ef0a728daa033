import { languageAccepted, languageNamed, resolveLanguage } from './language';

describe('languageNamed', () => {
  it.each([
    ['es', 'es'],
    ['ES', 'es'],
    ['es-MX', 'es'],
    ['es_419', 'es'],
    ['Spanish', 'es'],
    ['español', 'es'],
    ['Espanol', 'es'],
    ['castellano', 'es'],
    ['en', 'en'],
    ['en-US', 'en'],
    ['English', 'en'],
    ['inglés', 'en'],
  ])('reads %p as %p', (value, expected) => {
    expect(languageNamed(value)).toBe(expected);
  });

  it.each(['fr', 'klingon', '', 42, null, undefined, { es: true }])('knows no language in %p', (value) => {
    expect(languageNamed(value)).toBeUndefined();
  });
});

describe('languageAccepted', () => {
  it.each([
    ['es-MX,es;q=0.9,en;q=0.8', 'es'],
    ['en-US,en;q=0.9,es;q=0.8', 'en'],
    ['fr-FR,fr;q=0.9,es;q=0.5', 'es'],
    ['en;q=0.2, es;q=0.7', 'es'],
    ['es;q=0, en', 'en'],
    ['*', undefined],
    ['fr', undefined],
    ['', undefined],
  ])('picks from %p: %p', (header, expected) => {
    expect(languageAccepted(header)).toBe(expected);
  });
});

describe('resolveLanguage', () => {
  it('prefers args.language, then Accept-Language, then the tenant, then English', () => {
    expect(resolveLanguage({ argsLanguage: 'es', acceptLanguage: 'en', tenantLanguage: 'en' })).toBe('es');
    expect(resolveLanguage({ argsLanguage: 'xx', acceptLanguage: 'es-ES', tenantLanguage: 'en' })).toBe('es');
    expect(resolveLanguage({ acceptLanguage: 'fr', tenantLanguage: 'es' })).toBe('es');
    expect(resolveLanguage({ tenantLanguage: 'de' })).toBe('en');
    expect(resolveLanguage({})).toBe('en');
  });
});
