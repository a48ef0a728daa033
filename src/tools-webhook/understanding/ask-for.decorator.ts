import 'reflect-metadata';

import type { TenantLanguage } from '../../tenants/tenant.entity';

const ASK_FOR = Symbol('askFor');

/** How to name an argument when asking for it, in each language we speak. */
export type AskForPhrases = Record<TenantLanguage, string>;

/**
 * Marks a required argument and says how the agent should name it when it has to ask the caller
 * for it ("the phone number to text", "el número al que enviar el mensaje"). Read by the
 * dispatcher to turn a validation failure into one spoken question.
 */
export function AskFor(phrases: AskForPhrases): PropertyDecorator {
  return (target, property) => Reflect.defineMetadata(ASK_FOR, phrases, target, property);
}

/** The phrase of a required argument in `language`; undefined for an optional one. */
export function askForPhrase(
  argsType: new () => object,
  property: string,
  language: TenantLanguage = 'en',
): string | undefined {
  const prototype: object = argsType.prototype as object;
  return (Reflect.getMetadata(ASK_FOR, prototype, property) as AskForPhrases | undefined)?.[language];
}
