import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { SmsOptOut } from './sms-opt-out.entity';

/** Which numbers said STOP (and which said START again). */
@Injectable()
export class SmsOptOutsService {
  constructor(@InjectRepository(SmsOptOut) private readonly optOuts: Repository<SmsOptOut>) {}

  /** True when the number's latest keyword opted it out. `phone` is E.164. */
  async isOptedOut(phone: string): Promise<boolean> {
    const row = await this.optOuts.findOne({ where: { phone }, select: { phone: true, optedOut: true } });
    return row?.optedOut === true;
  }
}
