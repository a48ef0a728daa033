import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ToolCall } from './tool-call.entity';
import { ToolCallsController } from './tool-calls.controller';
import { ToolCallsService } from './tool-calls.service';

@Module({
  imports: [TypeOrmModule.forFeature([ToolCall])],
  controllers: [ToolCallsController],
  providers: [ToolCallsService],
  exports: [ToolCallsService],
})
export class ToolCallsModule {}
