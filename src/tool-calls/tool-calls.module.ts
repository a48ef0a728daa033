import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { ToolCall } from './tool-call.entity';
import { ToolCallFingerprint } from './tool-call-fingerprint.entity';
import { ToolCallFingerprintsRepository } from './tool-call-fingerprints.repository';
import { ToolCallReplaysService } from './tool-call-replays.service';
import { ToolCallsController } from './tool-calls.controller';
import { ToolCallsService } from './tool-calls.service';

@Module({
  imports: [TypeOrmModule.forFeature([ToolCall, ToolCallFingerprint])],
  controllers: [ToolCallsController],
  providers: [ToolCallsService, ToolCallReplaysService, ToolCallFingerprintsRepository],
  exports: [ToolCallsService, ToolCallReplaysService],
})
export class ToolCallsModule {}
