import { looseBoolean, looseMinutes } from '../understanding/loose-values';
import type { JsonType } from './tool-definition';

/** One of the loose transforms of understanding/loose-values.ts. */
type LooseTransform = (...args: never[]) => unknown;

/** What an argument's @Transform lets the server accept beyond the type its validator checks. */
export interface LooseForm {
  /** Types the schema allows besides the validated one, so that it never refuses what the server takes. */
  readonly alsoTypes: readonly JsonType[];
  /** The forms understood, for the model. */
  readonly note: string;
}

/**
 * The loose-value transforms (src/tools-webhook/understanding/loose-values.ts) that widen a type, by
 * function: the generator finds them in the class-transformer metadata of each argument.
 * looseText is absent on purpose: it only tidies text (and reads a number as its digits), so a
 * text argument is declared as the string it is.
 */
export const LOOSE_FORMS: ReadonlyMap<LooseTransform, LooseForm> = new Map<LooseTransform, LooseForm>([
  [
    looseBoolean,
    {
      alsoTypes: ['string'],
      note: 'True or false; "yes", "no" and "urgent" are understood too, and anything unclear is left out',
    },
  ],
  [
    looseMinutes,
    { alsoTypes: ['string'], note: 'In minutes, e.g. 30; "30 minutes", "1 hour" and "an hour" are understood too' },
  ],
]);
