import { SetMetadata } from '@nestjs/common';

export const TOLERATE_UNKNOWN_FIELDS = 'tolerateUnknownFields';

/**
 * Marks a DTO whose unknown fields are dropped rather than refused. Only for payloads we do not
 * control (the VoIP platform's envelope may grow); staff DTOs refuse unknown fields.
 */
export const TolerateUnknownFields = (): ClassDecorator => SetMetadata(TOLERATE_UNKNOWN_FIELDS, true);
