import {
  ArgumentMetadata,
  BadRequestException,
  Injectable,
  PipeTransform,
  ValidationError,
  ValidationPipe,
} from '@nestjs/common';

import { MAX_BODY_NESTING, tooDeeplyNested } from './nesting-depth';
import { TOLERATE_UNKNOWN_FIELDS } from './tolerate-unknown-fields.decorator';

/** Flattens nested class-validator errors into `field: reason` lines, naming each field by its path. */
export function describeValidationErrors(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((error) => {
    const path = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((text) =>
      text.startsWith(error.property) ? `${path}${text.slice(error.property.length)}` : `${path}: ${text}`,
    );
    return [...own, ...describeValidationErrors(error.children ?? [], path)];
  });
}

const exceptionFactory = (errors: ValidationError[]) => {
  const fields = errors.map((error) => error.property);
  return new BadRequestException({ error: 'Bad Request', message: describeValidationErrors(errors), fields });
};

/**
 * The app-wide pipe: DTOs are validated and transformed; unknown fields are refused with a 400
 * that names them, except on DTOs marked @TolerateUnknownFields(), where they are dropped. A value
 * nested deeper than MAX_BODY_NESTING is refused first, naming its field: class-transformer walks
 * values recursively, and `{"email":[[[…]]]}` would overflow its stack (a 500).
 */
@Injectable()
export class AppValidationPipe implements PipeTransform {
  private readonly strict = new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    exceptionFactory,
  });
  private readonly tolerant = new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: false,
    exceptionFactory,
  });

  transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // Parsed request input only: what custom decorators hand over is ours, and may hold cycles.
    const tooDeep =
      metadata.type === 'body' || metadata.type === 'query' ? tooDeeplyNested(value, metadata.type) : null;
    if (tooDeep !== null) {
      throw new BadRequestException({
        error: 'Bad Request',
        message: [`${tooDeep} is nested too deeply (at most ${MAX_BODY_NESTING} levels of objects and arrays)`],
        fields: [tooDeep],
      });
    }
    const tolerant =
      typeof metadata.metatype === 'function' &&
      Reflect.getMetadata(TOLERATE_UNKNOWN_FIELDS, metadata.metatype) === true;
    return (tolerant ? this.tolerant : this.strict).transform(value, metadata);
  }
}
