import { IsIn, IsISO8601, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';

import { POLICY_STATUSES, PolicyStatus } from '../policy.entity';

export class CreatePolicyDto {
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  @Matches(/[A-Za-z0-9]/, { message: 'policyNumber must contain letters or digits' })
  policyNumber: string;

  @IsIn(POLICY_STATUSES)
  status: PolicyStatus;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  firstName?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  lastName?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(40)
  phone?: string | null;

  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'dateOfBirth must be YYYY-MM-DD' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'dateOfBirth must be YYYY-MM-DD' })
  dateOfBirth?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  productType?: string | null;

  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'renewalDate must be YYYY-MM-DD' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'renewalDate must be YYYY-MM-DD' })
  renewalDate?: string | null;
}
