import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { TenantsModule } from '../tenants/tenants.module';
import { Appointment } from './appointment.entity';
import { AppointmentAvailabilityService } from './appointment-availability.service';
import { AppointmentSlot } from './appointment-slot.entity';
import { AppointmentSlotsRepository } from './appointment-slots.repository';
import { AppointmentsController } from './appointments.controller';
import { AppointmentsService } from './appointments.service';

@Module({
  imports: [TypeOrmModule.forFeature([Appointment, AppointmentSlot]), TenantsModule],
  controllers: [AppointmentsController],
  providers: [AppointmentsService, AppointmentAvailabilityService, AppointmentSlotsRepository],
  exports: [AppointmentsService, AppointmentAvailabilityService],
})
export class AppointmentsModule {}
