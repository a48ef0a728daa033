import 'reflect-metadata';

const ASK_FOR = Symbol('askFor');

/**
 * Marks a required argument and says how the agent should name it when it has to ask the caller
 * for it ("the phone number to text"). Read by the dispatcher to turn a validation failure into
 * one spoken question.
 */
export function AskFor(phrase: string): PropertyDecorator {
  return (target, property) => Reflect.defineMetadata(ASK_FOR, phrase, target, property);
}

/** The phrase of a required argument; undefined for an optional one. */
export function askForPhrase(argsType: Function, property: string): string | undefined {
  return Reflect.getMetadata(ASK_FOR, argsType.prototype, property) as string | undefined;
}
