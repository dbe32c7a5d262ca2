import { Module, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { Logger } from 'pino';

/**
 * Nest's Logger (every `new Logger(context)` in the server) writes through the same pino logger as
 * the request log, and inside a request its lines carry the request's correlation id.
 */
@Module({})
export class LoggingModule {
  static forLogger(logger: Logger): DynamicModule {
    return { module: LoggingModule, imports: [LoggerModule.forRoot({ pinoHttp: { logger }, useExisting: true })] };
  }
}
