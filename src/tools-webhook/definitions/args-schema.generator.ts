import { TransformationType } from 'class-transformer';
import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import { getMetadataStorage, ValidationTypes } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';

import { askForPhrase } from '../understanding/ask-for.decorator';
import { ARGUMENT_HINTS } from './argument-hints';
import { COMMON_ARGUMENTS } from './common-arguments';
import { LOOSE_FORMS } from './loose-forms';
import type { ArgsSchema, ArgumentSchema, JsonType } from './tool-definition';

/** An args DTO class, as a tool handler declares it. */
type ArgsType = new () => object;

/** What validators say of an argument: its schema without the words for the model. */
type Keywords = Omit<ArgumentSchema, 'description' | 'examples'>;
type Constrain = (schema: Keywords, constraints: unknown[]) => void;

/** A JavaScript pattern as a JSON Schema one: only without flags, since JSON Schema has none. */
function pattern(schema: Keywords, [source, modifiers]: unknown[]): void {
  const regex =
    source instanceof RegExp ? source : new RegExp(String(source), typeof modifiers === 'string' ? modifiers : '');
  // A flagged pattern cannot be said in JSON Schema; left out, the schema is looser, never stricter.
  if (regex.flags === '' || regex.flags === 'u') schema.pattern = regex.source;
}

/**
 * What each class-validator validator says in JSON Schema, by its metadata name. A validator not
 * listed here adds nothing; args-schema.generator.spec.ts fails when a DTO uses one, so that a
 * new validator is translated, not forgotten.
 */
export const VALIDATOR_KEYWORDS: Readonly<Record<string, Constrain>> = {
  isString: (schema) => (schema.type = 'string'),
  isInt: (schema) => (schema.type = 'integer'),
  isNumber: (schema) => (schema.type = 'number'),
  isBoolean: (schema) => (schema.type = 'boolean'),
  isIn: (schema, [values]) => (schema.enum = [...(values as Array<string | number>)]),
  isEnum: (schema, [entity]) =>
    // A numeric TypeScript enum maps its values back to its names; only the values are accepted.
    (schema.enum = Object.entries(entity as Record<string, string | number>)
      .filter(([key]) => !/^\d+$/.test(key))
      .map(([, value]) => value)),
  minLength: (schema, [min]) => (schema.minLength = min as number),
  maxLength: (schema, [max]) => (schema.maxLength = max as number),
  length: (schema, [min, max]) => {
    schema.minLength = min as number;
    if (typeof max === 'number') schema.maxLength = max;
  },
  isNotEmpty: (schema) => (schema.minLength = Math.max(schema.minLength ?? 0, 1)),
  matches: pattern,
  min: (schema, [min]) => (schema.minimum = min as number),
  max: (schema, [max]) => (schema.maximum = max as number),
  isEmail: (schema) => (schema.format = 'email'),
  isUUID: (schema) => (schema.format = 'uuid'),
};

/** The validators of each property of `argsType`, as `validate()` runs them (no groups), in declaration order. */
export function argumentValidators(argsType: ArgsType): Map<string, ValidationMetadata[]> {
  const byProperty = new Map<string, ValidationMetadata[]>();
  for (const metadata of getMetadataStorage().getTargetValidationMetadatas(argsType, '', false, false)) {
    byProperty.set(metadata.propertyName, [...(byProperty.get(metadata.propertyName) ?? []), metadata]);
  }
  return byProperty;
}

/** A phrase addressed to the caller ("your name", "to reach you"), said about the caller instead. */
function aboutTheCaller(phrase: string): string {
  const said = phrase.replace(/\byour\b/g, "the caller's").replace(/\byou\b/g, 'the caller');
  return said.charAt(0).toUpperCase() + said.slice(1);
}

function humanized(property: string): string {
  const words = property.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function sentences(...parts: Array<string | undefined>): string {
  return parts
    .filter((part): part is string => Boolean(part))
    .map((part) => (/[.!?]$/.test(part) ? part : `${part}.`))
    .join(' ');
}

function widened(
  type: JsonType | JsonType[] | undefined,
  alsoTypes: readonly JsonType[],
): JsonType | JsonType[] | undefined {
  // Without a validated type every value already passes: nothing to widen.
  if (type === undefined) return undefined;
  const types = [...new Set([...(Array.isArray(type) ? type : [type]), ...alsoTypes])];
  return types.length === 1 ? types[0] : types;
}

/** One argument: its type and limits from the validators, widened by its loose transform, and words for the model. */
function argumentSchema(argsType: ArgsType, property: string, validators: ValidationMetadata[]): ArgumentSchema {
  const schema: Keywords = {};
  for (const validator of validators) {
    if (validator.type !== ValidationTypes.CUSTOM_VALIDATION || validator.name === undefined) continue;
    VALIDATOR_KEYWORDS[validator.name]?.(schema, validator.constraints ?? []);
  }
  const loose = defaultMetadataStorage
    .findTransformMetadatas(argsType, property, TransformationType.PLAIN_TO_CLASS)
    .map((transform) => LOOSE_FORMS.get(transform.transformFn))
    .find((form) => form !== undefined);
  const type = widened(schema.type, loose?.alsoTypes ?? []);
  const hint = ARGUMENT_HINTS[property];
  const phrase = askForPhrase(argsType, property);
  const description = sentences(
    phrase === undefined ? (hint?.about ?? humanized(property)) : aboutTheCaller(phrase),
    hint?.forms,
    loose?.note,
  );
  const { type: _validated, ...limits } = schema;
  return {
    ...(type !== undefined && { type }),
    description,
    ...limits,
    ...(hint?.example !== undefined && { examples: [hint.example] }),
  };
}

/**
 * The JSON Schema of a tool's args, read from the same class-validator and class-transformer
 * metadata the dispatcher validates them with, so the two cannot drift apart.
 *
 * Required are exactly the arguments the dispatcher asks the caller for: marked @AskFor and not
 * made optional (@IsOptional, @ValidateIf). Any other argument that fails validation is dropped,
 * not refused, so it is optional whatever its validators say.
 */
export function argsSchema(argsType: ArgsType): ArgsSchema {
  const properties: Record<string, ArgumentSchema> = {};
  const required: string[] = [];
  for (const [property, validators] of argumentValidators(argsType)) {
    properties[property] = argumentSchema(argsType, property, validators);
    const conditional = validators.some((validator) => validator.type === ValidationTypes.CONDITIONAL_VALIDATION);
    if (askForPhrase(argsType, property) !== undefined && !conditional) required.push(property);
  }
  // A DTO that declares a common argument itself describes it better than the generic entry.
  for (const [property, schema] of Object.entries(COMMON_ARGUMENTS)) properties[property] ??= { ...schema };
  return { type: 'object', properties, required, additionalProperties: false };
}
