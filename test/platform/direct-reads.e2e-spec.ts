import net from 'node:net';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { directReads } from '../../src/platform/database/direct-reads.js';
import { ExportSession } from '../../src/platform/pagination/export-session.js';
import { PreparingClient } from '../../src/platform/database/preparing-client.js';
import { classifyDatabaseError } from '../../src/platform/problem/database-errors.js';
import { ErrorCode } from '../../src/platform/problem/app.exception.js';
import { databaseUrl } from '../support/test-database.js';

/**
 * `directReads` takes a client from TypeORM's pool for one statement. While a client is out of
 * the pool, pg-pool no longer listens to its `error` events (it removes its idle listener on
 * checkout); pg emits `error` on the client when its socket fails mid-query. Nobody listening
 * means an uncaught exception: the process dies. TypeORM's query runner listens while it holds
 * a client; so must a direct read.
 */
describe('directReads when the connection fails mid-statement', () => {
  /** A TCP relay to the test server whose client-side sockets the test can reset. */
  let relay: net.Server;
  const sockets: net.Socket[] = [];
  let pool: pg.Pool;
  const uncaught: unknown[] = [];
  const onUncaught = (error: unknown) => uncaught.push(error);

  beforeAll(async () => {
    const target = new URL(databaseUrl('postgres'));
    relay = net.createServer((inbound) => {
      sockets.push(inbound);
      const outbound = net.connect(Number(target.port || 5432), target.hostname);
      inbound.pipe(outbound).pipe(inbound);
      const close = () => {
        inbound.destroy();
        outbound.destroy();
      };
      inbound.on('error', close);
      outbound.on('error', close);
      inbound.on('close', close);
      outbound.on('close', close);
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    const relayed = new URL(target);
    relayed.hostname = '127.0.0.1';
    relayed.port = String((relay.address() as net.AddressInfo).port);
    pool = new pg.Pool({ connectionString: relayed.toString(), Client: PreparingClient, max: 2 });
    // As TypeORM's driver does for its pool.
    pool.on('error', () => undefined);
    process.prependListener('uncaughtException', onUncaught);
  });

  afterAll(async () => {
    process.removeListener('uncaughtException', onUncaught);
    await pool.end();
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => relay.close(resolve));
  });

  it('rejects the read as the database being unavailable, and the process lives on', async () => {
    const reads = directReads({ driver: { master: pool } } as unknown as DataSource);
    const read = reads.query('SELECT pg_sleep($1::float8) AS slept', [3]);
    const failure = read.then(
      () => null,
      (error: unknown) => error,
    );
    // The statement is on the wire: the server is sleeping.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(sockets.length).toBeGreaterThan(0);
    for (const socket of sockets) socket.resetAndDestroy();
    const error = await failure;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(uncaught).toEqual([]);
    // A socket error (Node's own, of another realm than Jest's: classified by a copy).
    expect(error).toMatchObject({ code: 'ECONNRESET' });
    const copy = Object.assign(new Error((error as Error).message), { code: (error as { code: string }).code });
    expect(classifyDatabaseError(copy)?.code).toBe(ErrorCode.ServiceUnavailable);
    // The broken client left the pool; the next read gets a fresh one.
    expect(await reads.query('SELECT $1::int AS n', [7])).toEqual([{ n: 7 }]);
  });

  it('a CSV export whose connection fails mid-read: the read rejects, the process lives on', async () => {
    const dataSource = { driver: { master: pool } } as unknown as DataSource;
    const session = new ExportSession(dataSource);
    const before = sockets.length;
    const failure = session.next('SELECT pg_sleep(3) AS slept', [], 1).then(
      () => null,
      (error: unknown) => error,
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const socket of sockets.slice(0)) socket.resetAndDestroy();
    const error = await failure;
    await session.close(error as Error);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(uncaught).toEqual([]);
    expect(error).toBeTruthy();
    expect(sockets.length).toBeGreaterThan(before - 1);
    expect(await directReads(dataSource).query('SELECT $1::int AS n', [8])).toEqual([{ n: 8 }]);
  });
});
