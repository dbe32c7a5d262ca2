import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { ErrorFilter } from './http/error.filter';
import { bodyLimitBytes, useJsonBodies } from './http/body-parsing';
import { securityHeaders } from './http/security-headers';
import type { Request, Response } from 'express';
import swaggerUi from 'swagger-ui-express';
import { openApiDocument } from './openapi/openapi.document';
import { importLineJsonSchema } from './imports/import-file';
import type { AppConfig } from './config/app-config';
import type { DestinationStream } from 'pino';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import { createLogger, requestLogging } from './logging/request-logging';
import { QuietBootLogger } from './logging/quiet-boot-logger';
import { refuseUnboundedHeaders } from './http/request-headers';
import { serveWeb } from './web/serve-web';
import { damageVisibility } from './integrity/damage-visibility';
import { ReadModels } from './projections/read-models.service';

export interface RunningServer {
  app: INestApplication;
  url: string;
}

/** Builds and starts the HTTP server; used by main.ts and by the end-to-end tests (port 0). */
export async function startServer(config: AppConfig, options: { logger?: false; logDestination?: DestinationStream } = {}): Promise<RunningServer> {
  // `logger: false` (the tests) silences the log unless they ask to read it.
  const log = createLogger(options.logger === false && !options.logDestination ? 'silent' : config.logLevel, options.logDestination);
  // abortOnError: false — a failure to start (e.g. the read models held by another process) is thrown
  // to the caller, which says what to do, instead of ending the process from inside Nest.
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forConfig(config, { log }), { bufferLogs: true, bodyParser: false, abortOnError: false });
  app.useLogger(new QuietBootLogger(app.get(PinoNestLogger)));
  app.use(requestLogging(log));
  app.use(refuseUnboundedHeaders);
  app.disable('x-powered-by');
  if (config.trustProxy !== undefined) app.set('trust proxy', config.trustProxy);
  app.use(securityHeaders());
  useJsonBodies(app, bodyLimitBytes(config.eventStore.maxEventBytes));
  app.useGlobalFilters(new ErrorFilter(damageVisibility(app.get(ReadModels))));
  // Plain express routes, outside the auth guard: the API description is public.
  const document = openApiDocument();
  app.use('/api/docs/openapi.json', (_req: Request, res: Response) => res.json(document));
  // One line of an import file, from the same zod schemas as the commands (see POST /api/imports).
  const importSchema = importLineJsonSchema();
  app.use('/api/docs/import.schema.json', (_req: Request, res: Response) => res.json(importSchema));
  app.use('/api/docs', swaggerUi.serve, swaggerUi.setup(document));
  // The web page (apps/web, when built) at `/`, with its client-side routes; never under /api.
  serveWeb(app);
  app.enableShutdownHooks();
  await app.listen(config.port, config.host);
  const address = app.getHttpServer().address() as { port: number };
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  return { app, url: `http://${host}:${address.port}` };
}
