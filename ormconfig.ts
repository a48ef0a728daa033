import 'reflect-metadata';

import { DataSource } from 'typeorm';

import { validateEnvironment } from './src/config/environment';
import { buildDataSourceOptions } from './src/database/database.options';

/**
 * The TypeORM CLI's DataSource, from the same options and the same validated environment as the
 * app: PostgreSQL when DATABASE_URL is set, else the SQLite file at SQLITE_PATH.
 *   npm run migration:generate -- src/database/migrations/<dialect>/<Name>
 */
export default new DataSource(buildDataSourceOptions(validateEnvironment(process.env)));
