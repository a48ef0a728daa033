import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { RecordChange } from './record-change.entity';
import { RecordChangesService } from './record-changes.service';

/** Global: every domain module records its changes here. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([RecordChange])],
  providers: [RecordChangesService],
  exports: [RecordChangesService],
})
export class RecordChangesModule {}
