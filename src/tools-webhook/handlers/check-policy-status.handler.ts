import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';

import { PoliciesService } from '../../policies/policies.service';
import { spokenIn } from '../spoken/spoken-messages';
import { ToolContext, ToolHandler, ToolOutcome } from '../tool-handler';
import { CheckPolicyStatusArgsDto } from '../understanding/dto/check-policy-status-args.dto';
import { parseDateOfBirth } from '../understanding/spoken-date-time';
import { SpokenPhoneNumbersService } from '../understanding/spoken-phone-numbers.service';
import { callerPolicyNumberKeys } from '../understanding/spoken-policy-number';

/** A policy's dates are calendar days: read as such, whatever the zone. */
const calendarDay = (isoDate: string) => DateTime.fromISO(isoDate, { zone: 'UTC' });

/**
 * "Is my policy still active?": the status (and renewal or end date) of a policy in the caller's
 * tenant, and nothing else about the holder. Any holder fact the caller gives must match; a
 * fact that cannot even be read counts as a mismatch, answered like an unknown number. A tenant
 * that requires a match has the caller asked for one before anything is looked up, so that the
 * question itself tells nothing about which numbers exist.
 */
@Injectable()
export class CheckPolicyStatusHandler implements ToolHandler<CheckPolicyStatusArgsDto> {
  readonly name = 'check_policy_status';
  readonly argsType = CheckPolicyStatusArgsDto;
  readonly description =
    'Tell the caller the status and renewal date of an insurance policy, by its number. Any holder detail the caller gives (phone, last name, date of birth) must match the holder.';

  constructor(
    private readonly policies: PoliciesService,
    private readonly phones: SpokenPhoneNumbersService,
  ) {}

  async handle(args: CheckPolicyStatusArgsDto, context: ToolContext): Promise<ToolOutcome> {
    const say = spokenIn(context.language);
    const NOT_FOUND: ToolOutcome = { status: 'not_found', message: say.policyNotFound };
    if (
      context.tenant?.policyLookupRequiresMatch &&
      args.last_name === undefined &&
      args.date_of_birth === undefined &&
      args.phone === undefined
    ) {
      return {
        status: 'error',
        message: say.policyVerificationNeeded,
        internalError: 'the tenant requires a holder detail before a policy lookup',
      };
    }
    const phone = args.phone === undefined ? undefined : this.phones.toE164(args.phone, context.tenant?.defaultCountry);
    const dateOfBirth = args.date_of_birth === undefined ? undefined : parseDateOfBirth(args.date_of_birth);
    if (phone === null || dateOfBirth === null) return NOT_FOUND;
    const standing = await this.policies.standing(
      context.scope,
      { policyKeys: callerPolicyNumberKeys(args.policy_number), lastName: args.last_name, phone, dateOfBirth },
      context.tenant?.timezone ?? 'UTC',
    );
    switch (standing.kind) {
      case 'not_found':
        return NOT_FOUND;
      case 'ending':
        return {
          status: 'found',
          message: say.policyEnded(standing.status, calendarDay(standing.endsOn), standing.alreadyEnded),
        };
      case 'current':
        return {
          status: 'found',
          message: say.policyFound(standing.status, standing.renewalDate ? calendarDay(standing.renewalDate) : null),
        };
    }
  }
}
