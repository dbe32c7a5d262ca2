import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { ErrorFilter } from './http/error.filter';
import type { Request, Response } from 'express';
import swaggerUi from 'swagger-ui-express';
import { openApiDocument } from './openapi/openapi.document';
import type { AppConfig } from './config/app-config';

export interface RunningServer {
  app: INestApplication;
  url: string;
}

/** Builds and starts the HTTP server; used by main.ts and by the end-to-end tests (port 0). */
export async function startServer(config: AppConfig, options: { logger?: false } = {}): Promise<RunningServer> {
  // abortOnError: false — a failure to start (e.g. the read models held by another process) is thrown
  // to the caller, which says what to do, instead of ending the process from inside Nest.
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forConfig(config), { logger: options.logger, bodyParser: false, abortOnError: false });
  // Agreements run to tens of kilobytes; the store's own limit (MAX_EVENT_BYTES) is the real bound.
  app.useBodyParser('json', { limit: '2mb' });
  app.useGlobalFilters(new ErrorFilter());
  // Plain express routes, outside the auth guard: the API description is public.
  const document = openApiDocument();
  app.use('/api/docs/openapi.json', (_req: Request, res: Response) => res.json(document));
  app.use('/api/docs', swaggerUi.serve, swaggerUi.setup(document));
  app.enableShutdownHooks();
  await app.listen(config.port, config.host);
  const address = app.getHttpServer().address() as { port: number };
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  return { app, url: `http://${host}:${address.port}` };
}
