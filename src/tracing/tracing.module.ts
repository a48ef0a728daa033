import { Module, OnApplicationShutdown } from '@nestjs/common';

import { stopTracing } from './tracing.preload';

/** On SIGTERM/SIGINT (main.ts's shutdown hooks), the spans still buffered are sent before the process exits. */
@Module({})
export class TracingModule implements OnApplicationShutdown {
  async onApplicationShutdown(): Promise<void> {
    await stopTracing();
  }
}
