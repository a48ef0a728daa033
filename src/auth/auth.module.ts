import { randomBytes } from 'node:crypto';

import { Logger, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { JwtModule } from '@nestjs/jwt';

import { EnvironmentVariables } from '../config/environment';
import { TenantsModule } from '../tenants/tenants.module';
import { UsersModule } from '../users/users.module';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { JwtAuthGuard } from './jwt-auth.guard';
import { STAFF_TOKEN_AUDIENCE } from './jwt-claims';

function jwtSecret(config: ConfigService<EnvironmentVariables, true>): string {
  const configured = config.get('JWT_SECRET', { infer: true });
  if (configured) return configured;
  // Validation refuses to start without JWT_SECRET in production; elsewhere tokens last one run.
  new Logger('AuthModule').warn(
    'JWT_SECRET is not set: generated a random one, so staff tokens stop working at the next restart.',
  );
  return randomBytes(48).toString('base64url');
}

@Module({
  imports: [
    UsersModule,
    TenantsModule,
    JwtModule.registerAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<EnvironmentVariables, true>) => ({
        secret: jwtSecret(config),
        signOptions: {
          expiresIn: config.get('JWT_EXPIRES_IN', { infer: true }),
          audience: STAFF_TOKEN_AUDIENCE,
          algorithm: 'HS256',
        },
        verifyOptions: { audience: STAFF_TOKEN_AUDIENCE, algorithms: ['HS256'] },
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [AuthService, JwtAuthGuard],
  exports: [JwtAuthGuard],
})
export class AuthModule {}
