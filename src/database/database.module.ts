import { Global, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { SqlDialect } from './sql-dialect';

/** The app's SqlDialect, for the feature repositories (TypeOrmModule provides the DataSource it is built on). */
@Global()
@Module({
  providers: [
    { provide: SqlDialect, inject: [DataSource], useFactory: (dataSource: DataSource) => SqlDialect.for(dataSource) },
  ],
  exports: [SqlDialect],
})
export class DatabaseModule {}
