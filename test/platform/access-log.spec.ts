import fc from 'fast-check';
import { pino, type DestinationStream, type Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { accessLogger, isAccessLogged } from '../../src/platform/http/access-log.js';
import { REDACTED_PATHS, REDACTION, loggerParams } from '../../src/platform/http/logging.js';
import { compileRedaction } from '../../src/platform/http/redaction.js';
import { loadConfig } from '../../src/platform/config/config.js';

/** A stream that keeps what is written to it; `take()` returns it and starts again. */
function capture(): DestinationStream & { take(): string[] } {
  let lines: string[] = [];
  return {
    write: (line: string) => void lines.push(line),
    take: () => [lines, (lines = [])][0]!,
  };
}

/** A line without its time, the one thing two loggers cannot write alike. */
const timeless = (line: string) => line.replace(/"time":\d+,/, '');

describe('isAccessLogged: which requests get an access line', () => {
  const PREFIX = '/api/v1';
  const OUTSIDE = ['/health/live', '/health/ready'];

  // What the pino-http middleware logged, as measured on the build before the hook (see
  // src/platform/http/access-log.ts); one difference: `GET /Health/Live` got two lines there.
  it.each([
    ['GET', '/api/v1/me', true],
    ['GET', '/api/v1', true],
    ['GET', '/api/v1/', true],
    ['GET', '/api/v1/committees?status=pending&limit=2', true],
    ['GET', '/api/v1/nope', true],
    ['GET', '/api/v1/health/live', true],
    ['GET', '/API/V1/me', true],
    ['GET', '/%61pi/v1/me', true],
    ['GET', 'http://tansiq.example/api/v1/me', true],
    ['HEAD', '/api/v1/me', true],
    ['OPTIONS', '/api/v1/me', true],
    ['DELETE', '/api/v1/me', true],
    ['POST', '/health/live', true],
    ['POST', '/health/live/', true],
    ['PUT', '/health/live', true],
    ['OPTIONS', '/health/live', true],
    ['DELETE', '/health/ready', true],
    ['POST', '/HEALTH/LIVE', true],
    ['POST', '/%68ealth/live', true],
    ['GET', '/Health/Live', true],
    ['GET', '/health/live', false],
    ['HEAD', '/health/live', false],
    ['GET', '/health/ready', false],
    ['GET', '/health/live/', false],
    ['GET', '/health/live?x=1', false],
    ['GET', '/health', false],
    ['POST', '/health/live/x', false],
    ['GET', '/', false],
    ['GET', '/nope', false],
    ['GET', '/docs', false],
    ['GET', '/docs/openapi.json', false],
    ['GET', '/api/v1x', false],
    ['GET', '/api%2Fv1/me', false],
    ['GET', '//api/v1/me', false],
    ['GET', '/api/v1;x', false],
    ['GET', '/api/v1/%E0%A4%A', false],
  ])('%s %s → %s', (method, url, logged) => {
    expect(isAccessLogged(method, url, PREFIX, OUTSIDE)).toBe(logged);
  });
});

describe('compileRedaction: pino’s redaction, compiled once', () => {
  const CENSOR = '[redacted]';
  // Keys the paths name, and others; values of every JSON kind, nested.
  const KEYS = ['headers', 'authorization', 'x-api-key', 'cookie', 'set-cookie', 'password', 'token', 'key', 'a'];
  const { value: json } = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      fc.string({ maxLength: 4 }),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.array(tie('value'), { maxLength: 3 }),
      fc.dictionary(fc.constantFrom(...KEYS), tie('value'), { maxKeys: 5 }),
    ),
  }));

  /** One line logging `value` under `key`: through pino's redaction, or through `compileRedaction` and none. */
  function lines(key: string, value: unknown): [viaPino: string, compiled: string] {
    const stream = capture();
    const options = { base: null, timestamp: false } as const;
    pino({ ...options, redact: { paths: REDACTED_PATHS, censor: CENSOR } }, stream).info({ [key]: value });
    pino(options, stream).info({ [key]: compileRedaction(REDACTED_PATHS, key, CENSOR)(value) });
    return stream.take() as [string, string];
  }

  it('censors what pino censors, under a key with paths of its own, under another, whatever the value', () => {
    fc.assert(
      fc.property(fc.constantFrom('req', 'res', 'other'), json, (key, value) => {
        const [viaPino, compiled] = lines(key, value);
        expect(compiled).toBe(viaPino);
      }),
      { numRuns: 2000 },
    );
  });

  it('censors the request’s credentials and leaves the original alone', () => {
    const headers = { authorization: 'Bearer x', cookie: 'c', 'x-api-key': 'k', accept: '*/*' };
    const req = { id: '1', headers, password: 'p', query: { password: 'q' } };
    expect(compileRedaction(REDACTED_PATHS, 'req', CENSOR)(req)).toEqual({
      id: '1',
      headers: { authorization: CENSOR, cookie: CENSOR, 'x-api-key': CENSOR, accept: '*/*' },
      password: CENSOR,
      query: { password: 'q' },
    });
    expect(headers.authorization).toBe('Bearer x');
    expect(req.password).toBe('p');
    const clean = { id: '2', headers: { accept: '*/*' } };
    expect(compileRedaction(REDACTED_PATHS, 'req', CENSOR)(clean)).toBe(clean);
  });

  it('refuses a path it cannot apply as pino does', () => {
    expect(() => compileRedaction(['req.*.token'], 'req', CENSOR)).toThrow(/wildcard/);
  });
});

describe('accessLogger: the access line as the root logger writes it', () => {
  const stream = capture();
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'info' });
  const params = loggerParams(config, stream).pinoHttp as Parameters<typeof pinoHttp>;
  // The root logger as nestjs-pino builds it (pino-http's, whose serializers it wraps).
  const root: Logger = pinoHttp(...params).logger;
  const lines = accessLogger(root, REDACTION);

  const request = (headers: Record<string, string>, query: Record<string, string> = {}) => ({
    id: 'r-1',
    method: 'GET',
    url: '/api/v1/me',
    query,
    headers: { host: '127.0.0.1:3000', connection: 'keep-alive', ...headers, 'user-agent': 'test' },
    socket: { remoteAddress: '127.0.0.1', remotePort: 50123 },
  });
  const response = (statusCode: number) => ({
    statusCode,
    headersSent: true,
    getHeaders: () => ({ 'set-cookie': 'a=b', etag: '"1"' }),
  });

  it.each([
    ['every credential header', { authorization: 'Bearer t', cookie: 'c=1', 'x-api-key': 'k' }, {}],
    ['no credential', {}, {}],
    ['header names like the wildcard paths', { password: 'p', token: 't', key: 'k', secret: 's' }, {}],
    ['a query naming secrets', { authorization: 'Bearer t' }, { password: 'p', token: 't' }],
  ])('writes the same line as the root logger: %s', (_name, headers, query) => {
    const line = { req: request(headers, query), service: 'tansiq', res: response(401), responseTime: 4 };
    root.info(line, 'request completed');
    lines.info(line, 'request completed');
    const [viaRoot, viaLines] = stream.take().map(timeless);
    expect(viaLines).toBe(viaRoot);
  });

  it('censors the credentials (the line written out)', () => {
    const line = {
      req: request({ authorization: 'Bearer t', cookie: 'c=1' }),
      service: 'tansiq',
      res: response(200),
      responseTime: 4,
    };
    lines.info(line, 'request completed');
    const [written] = stream.take();
    expect(JSON.parse(written!)).toEqual({
      level: 30,
      time: expect.any(Number),
      pid: process.pid,
      hostname: expect.any(String),
      req: {
        id: 'r-1',
        method: 'GET',
        url: '/api/v1/me',
        query: {},
        headers: {
          host: '127.0.0.1:3000',
          connection: 'keep-alive',
          authorization: '[redacted]',
          cookie: '[redacted]',
          'user-agent': 'test',
        },
        remoteAddress: '127.0.0.1',
        remotePort: 50123,
      },
      service: 'tansiq',
      res: { statusCode: 200 },
      responseTime: 4,
      msg: 'request completed',
    });
  });
});
