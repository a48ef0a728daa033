/**
 * What the published schema says about an argument beyond its validators, by argument name in
 * any tool. Only words for the model and examples: types, limits and which arguments are
 * required come from the DTOs' own metadata (args-schema.generator.ts).
 */
export interface ArgumentHint {
  /** What the argument is, when no @AskFor phrase names it (the optional ones). */
  readonly about?: string;
  /** The forms the server understands, beyond the obvious. */
  readonly forms?: string;
  /**
   * A value the server accepts, for arguments with a format to show. None for names and free
   * text: a model might repeat it instead of what the caller said.
   */
  readonly example?: string | number | boolean;
}

const PHONE_FORMS = 'As the caller said it: any common format, with or without the country code';

export const ARGUMENT_HINTS: Readonly<Record<string, ArgumentHint>> = {
  to_phone: { forms: PHONE_FORMS, example: '(786) 555-0198' },
  phone: { about: "The caller's phone number", forms: PHONE_FORMS, example: '(786) 555-0198' },
  caller_phone: { forms: PHONE_FORMS, example: '786-555-0198' },
  caller_name: { about: "The caller's name" },
  last_name: { about: "The caller's last name" },
  email: {
    about: "The caller's email address",
    forms: 'Spelled out is fine, e.g. "ana at example dot com"',
    example: 'ana@example.com',
  },
  company: { about: "The caller's company, if any" },
  interest: { about: 'What the caller is interested in, e.g. "auto insurance"' },
  source: { about: 'How the caller heard of us' },
  notes: { about: 'Anything else staff should know' },
  purpose: { about: 'What the text is about, e.g. "directions"' },
  for_person: { about: 'Who the message is for, if the caller named someone' },
  urgent: { about: 'Whether the caller says it is urgent', example: true },
  callback_preferred_time: { about: 'When the caller would like to be called back, as they said it' },
  date: {
    forms: 'As the caller said it: "today", "tomorrow", "next Friday", "December 4th", "12/4/2026" or "2026-12-04"',
    example: 'next Friday',
  },
  time: {
    about: 'The time of day the caller asked for; leave it out to hear the first free times that day',
    forms: 'For example "2pm", "2:30 PM", "14:00" or "noon"',
    example: '2pm',
  },
  duration: { about: 'How long the appointment should be; leave it out for the usual length', example: 30 },
  policy_number: {
    forms: 'Letters and digits as the caller said them; case, spaces and dashes do not matter',
    example: 'HOM-2024-0042',
  },
  date_of_birth: {
    about: "The policy holder's date of birth",
    forms: 'Any common format: "March 5, 1980", "3/5/1980" or "1980-03-05"',
    example: '1980-03-05',
  },
  lookup_type: {
    about: 'What the caller wants to know: "status" or "renewal"; the answer gives both',
    example: 'status',
  },
};
