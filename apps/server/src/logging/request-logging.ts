import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request } from 'express';
import pino, { type DestinationStream, type Logger, type LevelWithSilent } from 'pino';
import { pinoHttp } from 'pino-http';
import { correlationIdSchema } from '../http/request-headers';

export const CORRELATION_HEADER = 'x-correlation-id';

/** The server's one JSON logger (pino): one line per request and every application log, to stdout by default. */
export function createLogger(level: LevelWithSilent, destination?: DestinationStream): Logger {
  return pino({ level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime, formatters: { level: (label) => ({ level: label }) } }, destination);
}

type LoggedRequest = IncomingMessage & Partial<Pick<Request, 'route' | 'originalUrl'>> & { id?: unknown; personId?: string };

/** The provider's one-time code and state on the OIDC callback are secrets too: never logged. */
const withoutSecrets = (url: string) => url.replace(/([?&](?:code|state|session_state|id_token)=)[^&]*/g, '$1…');

/** A request's outcome as one log line: who, what, how it ended, how long it took. */
function requestLine(req: LoggedRequest, res: ServerResponse, responseTime: number) {
  return {
    person: req.personId ?? null,
    method: req.method,
    route: req.route?.path ?? null,
    url: withoutSecrets(req.originalUrl ?? req.url ?? ''),
    status: res.statusCode,
    durationMs: responseTime,
  };
}

/**
 * The first middleware: gives each request its correlation id (the client's `X-Correlation-Id` when
 * it is a valid one, else a new UUID), echoes it in the response header, binds it to every log line
 * written while serving the request, and logs one line when the response is done. The server's own
 * failures are errors; a 503 (read models behind, store unreachable: "try again") is a warning; a
 * 4xx is the client's and is logged as info.
 */
export function requestLogging(logger: Logger) {
  return pinoHttp<LoggedRequest, ServerResponse>({
    logger,
    quietReqLogger: true,
    quietResLogger: true,
    customAttributeKeys: { reqId: 'correlationId' },
    genReqId: (req, res) => {
      const given = correlationIdSchema.safeParse(req.headers[CORRELATION_HEADER]);
      const id = given.success && given.data !== undefined ? given.data : randomUUID();
      // Commands record it as their events' correlationId. (A malformed one is kept, to be refused with 400.)
      if (req.headers[CORRELATION_HEADER] === undefined) req.headers[CORRELATION_HEADER] = id;
      res.setHeader('X-Correlation-Id', id);
      return id;
    },
    customLogLevel: (_req, res, error) => {
      if (res.statusCode === 503) return 'warn';
      return error || res.statusCode >= 500 ? 'error' : 'info';
    },
    customSuccessObject: (req, res, { responseTime }) => requestLine(req, res, responseTime),
    customErrorObject: (req, res, _error, { responseTime }) => requestLine(req, res, responseTime),
    customSuccessMessage: (req, res) => `${req.method} ${req.route?.path ?? req.originalUrl ?? req.url} ${res.statusCode}`,
    customErrorMessage: (req, res) => `${req.method} ${req.route?.path ?? req.originalUrl ?? req.url} ${res.statusCode}`,
  });
}
