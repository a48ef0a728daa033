import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { TenantsModule } from '../tenants/tenants.module';
import { PasswordHasherService } from './password-hasher.service';
import { User } from './user.entity';
import { UserAdministrationService } from './user-administration.service';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

@Module({
  imports: [TypeOrmModule.forFeature([User]), TenantsModule],
  controllers: [UsersController],
  providers: [UsersService, UserAdministrationService, PasswordHasherService],
  exports: [UsersService, PasswordHasherService],
})
export class UsersModule {}
