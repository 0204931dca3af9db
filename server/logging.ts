/**
 * Structured logs: one JSON object per line on stdout (requests) or stderr
 * (errors). Tokens are secrets of a sort, so request paths are logged with the
 * token replaced by `:token`.
 */
import type { RequestHandler } from 'express';

export interface Logger {
  /** False when info lines are dropped (`quiet`): callers can skip building them. */
  readonly infoEnabled: boolean;
  info(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/** Where log lines go; tests pass `quiet` to drop info lines. */
export function createLogger(options: { quiet?: boolean; write?: (line: string) => void; writeError?: (line: string) => void } = {}): Logger {
  const out = options.write ?? ((line: string) => process.stdout.write(line));
  const err = options.writeError ?? ((line: string) => process.stderr.write(line));
  const line = (level: string, msg: string, fields?: Record<string, unknown>) => `${JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields })}\n`;
  return {
    infoEnabled: !options.quiet,
    info: (msg, fields) => {
      if (!options.quiet) out(line('info', msg, fields));
    },
    error: (msg, fields) => err(line('error', msg, fields)),
  };
}

/** The path with a student token hidden: `/q/abc.def` → `/q/:token`. */
export function redactPath(path: string): string {
  return path.replace(/^\/q\/[^/?]+/, '/q/:token');
}

/** Passes every request straight on: the request log of a quiet logger. */
const passThrough: RequestHandler = (_req, _res, next) => next();

/**
 * One log line per finished request: method, redacted path, status, duration.
 * A quiet logger costs nothing per request (no listener, no clock, no `req.ip`).
 * @example app.use(requestLogger(createLogger()))
 */
export function requestLogger(log: Logger): RequestHandler {
  if (!log.infoEnabled) return passThrough;
  return (req, res, next) => {
    const start = process.hrtime.bigint();
    res.on('finish', () => {
      log.info('request', {
        method: req.method,
        path: redactPath(req.path),
        status: res.statusCode,
        ms: Number(process.hrtime.bigint() - start) / 1e6,
        ip: req.ip,
      });
    });
    next();
  };
}
