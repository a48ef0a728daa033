import {
  ArgumentMetadata,
  BadRequestException,
  Injectable,
  PipeTransform,
  ValidationError,
  ValidationPipe,
} from '@nestjs/common';

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
 * that names them, except on DTOs marked @TolerateUnknownFields(), where they are dropped.
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
    const tolerant =
      typeof metadata.metatype === 'function' &&
      Reflect.getMetadata(TOLERATE_UNKNOWN_FIELDS, metadata.metatype) === true;
    return (tolerant ? this.tolerant : this.strict).transform(value, metadata);
  }
}
