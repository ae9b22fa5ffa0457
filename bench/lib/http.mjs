// One request at a time over one kept-alive connection: logins, preflights, statement counts and
// the one-connection latency runs (timed with performance.now(), so below the millisecond).
import { Buffer } from 'node:buffer';
import { Agent, request as httpRequest } from 'node:http';
import { performance } from 'node:perf_hooks';

const agent = new Agent({ keepAlive: true, maxSockets: 1 });

/**
 * Sends one request. `body` (an object) is sent as JSON; `token` as a Bearer token.
 * Resolves to `{ status, headers, body, ms }` (body parsed as JSON when it is JSON).
 */
export function request(url, { method = 'GET', token, body, headers = {}, timeoutMs = 30_000 } = {}) {
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  const allHeaders = { ...headers };
  if (token) allHeaders.authorization = `Bearer ${token}`;
  if (payload) Object.assign(allHeaders, { 'content-type': 'application/json', 'content-length': payload.length });
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = httpRequest(url, { method, headers: allHeaders, agent, timeout: timeoutMs }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => {
        const ms = performance.now() - started;
        const text = Buffer.concat(chunks).toString();
        let parsed = text;
        try {
          parsed = JSON.parse(text);
        } catch {
          // not JSON: keep the text
        }
        resolve({ status: res.statusCode, headers: res.headers, body: parsed, ms });
      });
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${url}: no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(payload);
  });
}

/** Throws a readable error unless the response is 2xx. */
export function expectOk(what, response) {
  if (response.status >= 200 && response.status < 300) return response;
  const detail = typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
  throw new Error(`${what}: HTTP ${response.status} ${detail.slice(0, 500)}`);
}

/** Closes the kept-alive socket so that the bench can exit. */
export function closeConnections() {
  agent.destroy();
}
