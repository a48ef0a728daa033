import { TENANT_LANGUAGES } from '../../tenants/tenant.entity';
import type { ArgumentSchema } from './tool-definition';

const LANGUAGES = TENANT_LANGUAGES.map((language) => `"${language}"`).join(' or ');

/**
 * Arguments every tool takes, read by the dispatcher rather than by a tool's DTO: `language`
 * chooses the language of the answer. Not an enum, since names and tags are understood too.
 */
export const COMMON_ARGUMENTS: Readonly<Record<string, ArgumentSchema>> = {
  language: {
    type: 'string',
    description: `The language the caller speaks, for the answer: ${LANGUAGES}; a name or tag such as "Spanish" or "es-MX" is understood too. Leave it out to answer in the business's language.`,
    examples: ['es'],
  },
};
