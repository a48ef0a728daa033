import { plainToInstance, Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  validate,
  ValidateIf,
  ValidationTypes,
} from 'class-validator';

import { AskFor, askForPhrase } from '../understanding/ask-for.decorator';
import { CheckPolicyStatusArgsDto } from '../understanding/dto/check-policy-status-args.dto';
import { CreateLeadArgsDto } from '../understanding/dto/create-lead-args.dto';
import { LeaveMessageArgsDto } from '../understanding/dto/leave-message-args.dto';
import { ScheduleAppointmentArgsDto } from '../understanding/dto/schedule-appointment-args.dto';
import { SendSmsArgsDto } from '../understanding/dto/send-sms-args.dto';
import { looseBoolean, looseMinutes, looseText } from '../understanding/loose-values';
import { argsSchema, argumentValidators, VALIDATOR_KEYWORDS } from './args-schema.generator';
import { ARGUMENT_HINTS } from './argument-hints';
import { COMMON_ARGUMENTS } from './common-arguments';
import type { ArgumentSchema, JsonType } from './tool-definition';

const ARGS_TYPES: Array<[string, new () => object]> = [
  ['send_sms', SendSmsArgsDto],
  ['create_lead', CreateLeadArgsDto],
  ['leave_message', LeaveMessageArgsDto],
  ['schedule_appointment', ScheduleAppointmentArgsDto],
  ['check_policy_status', CheckPolicyStatusArgsDto],
];

/** The types the schema declares for the arguments that take loose forms; every other DTO argument is text. */
const NOT_TEXT: Record<string, JsonType[]> = {
  urgent: ['boolean', 'string'],
  duration: ['integer', 'string'],
};

const typesOf = (schema: ArgumentSchema): JsonType[] | undefined =>
  schema.type === undefined ? undefined : [schema.type].flat();

/** Whether `value` passes the keywords the generator writes (what a JSON Schema validator would check of them). */
function conforms(value: unknown, schema: ArgumentSchema): boolean {
  const types = typesOf(schema);
  const typed =
    types === undefined ||
    types.some((type) =>
      type === 'integer'
        ? Number.isInteger(value)
        : type === 'number'
          ? typeof value === 'number'
          : typeof value === type,
    );
  if (!typed) return false;
  if (schema.enum && !schema.enum.includes(value as string | number)) return false;
  if (typeof value === 'string') {
    const length = [...value].length;
    if (schema.maxLength !== undefined && length > schema.maxLength) return false;
    if (schema.minLength !== undefined && length < schema.minLength) return false;
    if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(value)) return false;
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) return false;
    if (schema.maximum !== undefined && value > schema.maximum) return false;
  }
  return true;
}

/** The properties the server's own pipeline (transform, then validate) refuses in `args`. */
async function refusedByServer(argsType: new () => object, args: Record<string, unknown>): Promise<string[]> {
  const problems = await validate(plainToInstance(argsType, args), { forbidUnknownValues: false });
  return problems.map((problem) => problem.property);
}

describe('argsSchema of the tools', () => {
  describe.each(ARGS_TYPES)('%s', (_tool, argsType) => {
    const schema = argsSchema(argsType);
    const validators = argumentValidators(argsType);
    const dtoProperties = [...validators.keys()];

    it('is an object schema of exactly the DTO properties, plus the common ones', () => {
      expect(schema.type).toBe('object');
      expect(schema.additionalProperties).toBe(false);
      expect(Object.keys(schema.properties).sort()).toEqual(
        [...new Set([...dtoProperties, ...Object.keys(COMMON_ARGUMENTS)])].sort(),
      );
    });

    it('requires exactly the @AskFor arguments, which are exactly the ones without @IsOptional', () => {
      const askedFor = dtoProperties.filter((property) => askForPhrase(argsType, property) !== undefined);
      const notOptional = dtoProperties.filter(
        (property) =>
          !validators.get(property)!.some((validator) => validator.type === ValidationTypes.CONDITIONAL_VALIDATION),
      );
      expect(schema.required).toEqual(askedFor);
      expect(schema.required).toEqual(notOptional);
      expect(schema.required.length).toBeGreaterThan(0);
    });

    it('declares text as string with its MaxLength, and the loose arguments with every type they are accepted as', () => {
      for (const property of dtoProperties) {
        const argument = schema.properties[property];
        expect([property, typesOf(argument)]).toEqual([property, NOT_TEXT[property] ?? ['string']]);
        const maxLength = validators.get(property)!.find((validator) => validator.name === 'maxLength')?.constraints[0];
        expect([property, argument.maxLength]).toEqual([property, maxLength]);
      }
    });

    it('describes every argument in a sentence or two', () => {
      for (const [property, argument] of Object.entries(schema.properties)) {
        expect([
          property,
          argument.description.length > 5 && argument.description.length <= 300,
          /\.$/.test(argument.description),
        ]).toEqual([property, true, true]);
      }
    });

    it('gives examples that the schema and the server both accept', async () => {
      for (const [property, argument] of Object.entries(schema.properties)) {
        for (const example of argument.examples ?? []) {
          expect([property, example, conforms(example, argument)]).toEqual([property, example, true]);
          if (!dtoProperties.includes(property)) continue;
          const refused = await refusedByServer(argsType, { [property]: example });
          expect([property, example, refused.includes(property)]).toEqual([property, example, false]);
        }
      }
    });

    it('gives an example for every required argument with a format, so the drift test can call the tool', () => {
      for (const property of schema.required) {
        const hint = ARGUMENT_HINTS[property];
        if (hint?.forms) expect([property, schema.properties[property].examples]).toEqual([property, [hint.example]]);
      }
    });

    it('uses only validators the generator translates', () => {
      for (const [property, list] of validators) {
        for (const validator of list.filter((metadata) => metadata.type === ValidationTypes.CUSTOM_VALIDATION)) {
          expect([property, validator.name, validator.name! in VALIDATOR_KEYWORDS, validator.each]).toEqual([
            property,
            validator.name,
            true,
            false,
          ]);
        }
      }
    });
  });

  it('accepts the loose forms the server accepts, rather than refusing them', async () => {
    const leaveMessage = argsSchema(LeaveMessageArgsDto).properties;
    const schedule = argsSchema(ScheduleAppointmentArgsDto).properties;
    for (const urgent of [true, false, 'yes', 'no', 'urgent']) {
      expect([urgent, conforms(urgent, leaveMessage.urgent)]).toEqual([urgent, true]);
      expect(plainToInstance(LeaveMessageArgsDto, { urgent }).urgent).toBe(
        urgent === true || urgent === 'yes' || urgent === 'urgent',
      );
    }
    for (const [duration, minutes] of [
      [45, 45],
      ['45', 45],
      ['30 minutes', 30],
      ['an hour', 60],
    ] as const) {
      expect([duration, conforms(duration, schedule.duration)]).toEqual([duration, true]);
      expect(plainToInstance(ScheduleAppointmentArgsDto, { duration }).duration).toBe(minutes);
    }
    expect(leaveMessage.urgent.description).toContain('"yes"');
    expect(schedule.duration.description).toContain('"30 minutes"');
  });

  it('names the required ones after their @AskFor phrase, said about the caller', () => {
    expect(argsSchema(SendSmsArgsDto).properties.to_phone.description).toMatch(/^The phone number to text\. /);
    expect(argsSchema(CreateLeadArgsDto).properties.phone.description).toMatch(
      /^The best phone number to reach the caller\. /,
    );
    expect(argsSchema(CreateLeadArgsDto).properties.first_name.description).toBe("The caller's first name.");
  });

  it('has no hint for an argument no tool takes', () => {
    const known = new Set(ARGS_TYPES.flatMap(([, argsType]) => [...argumentValidators(argsType).keys()]));
    expect(Object.keys(ARGUMENT_HINTS).filter((property) => !known.has(property))).toEqual([]);
  });

  it('offers `language` to every tool, as the names and tags the dispatcher understands', () => {
    for (const [, argsType] of ARGS_TYPES) {
      const language = argsSchema(argsType).properties.language;
      expect(language).toEqual(COMMON_ARGUMENTS.language);
      expect(language.enum).toBeUndefined();
      expect(language.description).toContain('"en" or "es"');
      expect(argsSchema(argsType).required).not.toContain('language');
    }
  });
});

describe('argsSchema of any DTO', () => {
  class Sample {
    @AskFor({ en: 'the colour', es: 'el color' })
    @IsIn(['red', 'green'])
    colour: string;

    @AskFor({ en: 'your age', es: 'su edad' })
    @IsInt()
    @Min(18)
    @Max(120)
    age: number;

    /** Asked for, but only when there is no age: not always required. */
    @AskFor({ en: 'your birth year', es: 'su año de nacimiento' })
    @ValidateIf((args: Sample) => args.age === undefined)
    @IsInt()
    birth_year?: number;

    /** A validator but no @AskFor: the dispatcher drops it when invalid, so it is optional. */
    @Transform(looseText)
    @IsString()
    @Matches(/^[a-z]+$/i)
    nickname: string;

    @Transform(looseMinutes)
    @IsOptional()
    @IsInt()
    wait?: number;

    @Transform(looseBoolean)
    @IsOptional()
    @IsIn([true])
    consent?: boolean;

    @IsOptional()
    @IsIn(['fr'])
    @MaxLength(2)
    language?: string;
  }

  const schema = argsSchema(Sample);

  it('requires only what is asked for and always validated', () => {
    expect(schema.required).toEqual(['colour', 'age']);
  });

  it('translates the validators, leaves out a pattern JSON Schema cannot say, and widens loose types', () => {
    expect(schema.properties.colour).toEqual({ description: 'The colour.', enum: ['red', 'green'] });
    expect(schema.properties.age).toEqual({
      type: 'integer',
      description: "The caller's age.",
      minimum: 18,
      maximum: 120,
    });
    expect(schema.properties.birth_year).toEqual({ type: 'integer', description: "The caller's birth year." });
    expect(schema.properties.nickname).toEqual({ type: 'string', description: 'Nickname.' });
    expect(schema.properties.wait.type).toEqual(['integer', 'string']);
    // No validated type: every type already passes, and loose forms add none.
    expect(schema.properties.consent.type).toBeUndefined();
  });

  it("keeps a DTO's own declaration of a common argument", () => {
    expect(schema.properties.language).toEqual({ description: 'Language.', enum: ['fr'], maxLength: 2 });
  });
});
