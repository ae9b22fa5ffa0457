// Preload (`node --import ./bench/count-statements.mjs <main script>`): counts the SQL statements a
// process sends through `pg`, without touching the product code. Every statement goes through
// `Client.prototype.query` (a pool's query and TypeORM's query runner both end there), so wrapping
// that one method counts BEGIN/COMMIT and every read and write: one count = one round trip.
//
// Statements are counted apart by where they come from: `count` those sent while serving an HTTP
// request (the request's async context, entered where the HTTP server emits 'request'), and
// `background` the others (timers such as the verifiable log's sequencer, which keeps reading
// every few hundred milliseconds while the server is otherwise idle).
//
// When the process's HTTP server starts listening, it tells the parent `{ type: 'listening', port }`.
//
// The parent asks over the IPC channel (spawn with stdio [..., 'ipc']): it sends
// `{ type: 'count-statements', id }` and gets back `{ type: 'count-statements', id, count, background }`.
//
// `pg` is resolved from the main script's folder, the way the script itself resolves it, so the
// patched class is the one the process uses: TypeORM loads pg with require(), an ES module's
// `import pg from 'pg'` gets the same CommonJS instance, and the reference floor (with its own
// node_modules) is counted with its own copy.
import { AsyncLocalStorage } from 'node:async_hooks';
import http from 'node:http';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

const main = process.argv[1] ? resolve(process.argv[1]) : import.meta.url;
const pg = createRequire(main)('pg');

const inRequest = new AsyncLocalStorage();
const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function emitInRequest(event, ...args) {
  // The parent waits for this before it trusts the port: a port found free a moment earlier can be
  // taken by another process, whose server would then answer the readiness check in our place.
  if (event === 'listening' && typeof process.send === 'function') {
    process.send({ type: 'listening', port: this.address()?.port });
  }
  return event === 'request'
    ? inRequest.run(true, () => emit.call(this, event, ...args))
    : emit.call(this, event, ...args);
};

let count = 0;
let background = 0;
const query = pg.Client.prototype.query;
pg.Client.prototype.query = function countedQuery(...args) {
  if (inRequest.getStore()) count += 1;
  else background += 1;
  return query.apply(this, args);
};

if (typeof process.send === 'function') {
  process.on('message', (message) => {
    if (message?.type === 'count-statements')
      process.send({ type: 'count-statements', id: message.id, count, background });
  });
  // A 'message' listener refs the channel; unref it so this preload never keeps the process alive.
  process.channel?.unref();
}
