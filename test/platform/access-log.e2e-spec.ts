import { hostname } from 'node:os';
import { ProbeModule } from '../support/probe.module.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/** The app's log lines, parsed, as they are written. */
const written: string[] = [];
const logStream = { write: (line: string) => void written.push(line) };

const linesOf = (requestId: string) =>
  written.filter((line) => line.includes(`"${requestId}"`)).map((line) => JSON.parse(line) as Record<string, unknown>);

/** The lines naming `requestId`, once `count` of them are there: the access line follows the response. */
async function waitForLines(requestId: string, count: number): Promise<Record<string, unknown>[]> {
  const deadline = Date.now() + 5_000;
  while (linesOf(requestId).length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  // A little longer: a line too many would come now.
  await new Promise((r) => setTimeout(r, 100));
  return linesOf(requestId);
}

/** The request fields of a supertest request without a body, as the line carries them. */
function requestFields(id: string, url: string, headers: Record<string, string>) {
  return {
    id,
    method: 'GET',
    url,
    query: {},
    headers: {
      host: expect.stringMatching(/^127\.0\.0\.1:\d+$/),
      'accept-encoding': 'gzip, deflate',
      ...headers,
      connection: 'close',
    },
    remoteAddress: expect.stringMatching(/127\.0\.0\.1$/),
    remotePort: expect.any(Number),
  };
}

describe('the access log', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ env: { LOG_LEVEL: 'info' }, extraImports: [ProbeModule], logStream });
  });
  afterAll(() => t.close());

  it('writes one line per request: its id, the credentials redacted, the status, "request completed"', async () => {
    const res = await t
      .http()
      .get('/api/v1/me')
      .set('authorization', 'Bearer super-secret-token')
      .set('x-request-id', 'access-401');
    expect(res.status).toBe(401);
    const lines = await waitForLines('access-401', 1);
    expect(lines).toEqual([
      {
        level: 30,
        time: expect.any(Number),
        pid: process.pid,
        hostname: hostname(),
        req: requestFields('access-401', '/api/v1/me', {
          authorization: '[redacted]',
          'x-request-id': 'access-401',
        }),
        service: 'tansiq',
        res: { statusCode: 401 },
        responseTime: expect.any(Number),
        msg: 'request completed',
      },
    ]);
    // The layout: pino's fields, the request, then the answer.
    expect(Object.keys(lines[0]!)).toEqual([
      'level',
      'time',
      'pid',
      'hostname',
      'req',
      'service',
      'res',
      'responseTime',
      'msg',
    ]);
    expect(Object.keys(lines[0]!.req as object)).toEqual([
      'id',
      'method',
      'url',
      'query',
      'headers',
      'remoteAddress',
      'remotePort',
    ]);
    expect(written.join('')).not.toContain('super-secret-token');
  });

  it('carries the query and the request id it generated', async () => {
    const res = await t.http().get('/api/v1/me?limit=2');
    const id = res.headers['x-request-id'] as string;
    const [line] = await waitForLines(id, 1);
    expect(line!.req).toEqual({ ...requestFields(id, '/api/v1/me?limit=2', {}), query: { limit: '2' } });
  });

  it('does not log the health probes', async () => {
    for (const path of ['/health/live', '/health/ready']) {
      expect(
        (
          await t
            .http()
            .get(path)
            .set('x-request-id', `probe${path.replaceAll('/', '-')}`)
        ).status,
      ).toBe(200);
    }
    expect(await waitForLines('probe-health-live', 0)).toEqual([]);
    expect(linesOf('probe-health-ready')).toEqual([]);
  });

  it('logs an unexpected error: the filter’s line and "request errored", both carrying the request', async () => {
    const res = await t.http().get('/api/v1/probe/boom').set('x-request-id', 'access-500');
    expect(res.status).toBe(500);
    const [failed, access] = await waitForLines('access-500', 2);
    const req = requestFields('access-500', '/api/v1/probe/boom', { 'x-request-id': 'access-500' });
    expect(failed).toEqual({
      level: 50,
      time: expect.any(Number),
      pid: process.pid,
      hostname: hostname(),
      req,
      service: 'tansiq',
      context: 'ProblemFilter',
      err: { type: 'Error', message: expect.stringContaining('internal detail'), stack: expect.any(String) },
      requestId: 'access-500',
      status: 500,
      msg: 'request failed',
    });
    expect(access).toEqual({
      level: 30,
      time: expect.any(Number),
      pid: process.pid,
      hostname: hostname(),
      req,
      service: 'tansiq',
      res: { statusCode: 500 },
      err: { type: 'Error', message: 'failed with status code 500', stack: expect.any(String) },
      responseTime: expect.any(Number),
      msg: 'request errored',
    });
    expect(Object.keys(failed!)).toEqual([
      'level',
      'time',
      'pid',
      'hostname',
      'req',
      'service',
      'context',
      'err',
      'requestId',
      'status',
      'msg',
    ]);
    expect(Object.keys(access!)).toEqual([
      'level',
      'time',
      'pid',
      'hostname',
      'req',
      'service',
      'res',
      'err',
      'responseTime',
      'msg',
    ]);
  });

  it('redacts the credentials in every line of a failed request: the filter’s and "request errored"', async () => {
    const secrets = ['Bearer failing-secret-token', 'failing-secret-api-key', 'session=failing-secret-cookie'];
    const res = await t
      .http()
      .get('/api/v1/probe/boom')
      .set('authorization', secrets[0]!)
      .set('x-api-key', secrets[1]!)
      .set('cookie', secrets[2]!)
      .set('x-request-id', 'access-500-credentials');
    expect(res.status).toBe(500);
    const lines = await waitForLines('access-500-credentials', 2);
    expect(lines.map((line) => line.msg)).toEqual(['request failed', 'request errored']);
    for (const line of lines) {
      expect((line.req as { headers: Record<string, string> }).headers).toMatchObject({
        authorization: '[redacted]',
        'x-api-key': '[redacted]',
        cookie: '[redacted]',
      });
    }
    for (const secret of ['failing-secret-token', 'failing-secret-api-key', 'failing-secret-cookie'])
      expect(written.join('')).not.toContain(secret);
  });

  it('redacts the credentials of a request refused before its handler (a bad body, a 400)', async () => {
    const res = await t
      .http()
      .post('/api/v1/probe/echo')
      .set('authorization', 'Bearer refused-secret-token')
      .set('x-api-key', 'refused-secret-api-key')
      .set('content-type', 'application/json')
      .set('x-request-id', 'access-400-credentials')
      .send('{"name": "x", "password": "refused-secret-password"');
    expect(res.status).toBe(400);
    const lines = await waitForLines('access-400-credentials', 1);
    expect(lines.length).toBeGreaterThan(0);
    for (const secret of ['refused-secret-token', 'refused-secret-api-key', 'refused-secret-password'])
      expect(written.join('')).not.toContain(secret);
  });

  it('leaves the lines written outside a request as they were: no request, no service', () => {
    const started = written
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((line) => line.msg === 'Nest application successfully started');
    expect(started).toEqual({
      level: 30,
      time: expect.any(Number),
      pid: process.pid,
      hostname: hostname(),
      context: 'NestApplication',
      msg: 'Nest application successfully started',
    });
  });
});
