import type { InvalidValueReason } from '../../common/errors/domain.exception';

/**
 * The question that asks again for a value that was refused, one for each reason (the same
 * reasons in every language): a catalog without a sentence for a reason does not compile.
 */
export type AskAgainSentences = Readonly<Record<InvalidValueReason, string>>;
