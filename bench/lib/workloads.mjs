// What one endpoint's load is: the autocannon requests for a measured run, and a sequence of
// single requests (the preflight and the statement count). A side is `{ base, token }` (the app
// or the floor).
import { expectOk, request } from './http.mjs';

const JSON_HEADERS = { 'content-type': 'application/json' };

/**
 * Each workload: `warmup` (sequential requests before counting: enough to touch every record
 * once), `requests(side)` (autocannon's request list for one loaded run) and `sequence(side)`
 * (a function sending the i-th single request).
 */

/** A body: an object, or a function giving a new one for each request. */
const bodyOf = (body) => (typeof body === 'function' ? body() : body);

/** The same request again and again (with `body` a function, a new body each time). */
export function fixed(method, path, body) {
  const headers = body === undefined ? {} : JSON_HEADERS;
  return {
    warmup: 3,
    requests: async () => [
      body === undefined
        ? { method, path, headers }
        : { method, path, headers, setupRequest: (req) => ({ ...req, body: JSON.stringify(bodyOf(body)) }) },
    ],
    sequence: async (side) => () => request(side.base + path, { method, token: side.token, body: bodyOf(body) }),
  };
}

/** The same request on each of `paths` in turn (e.g. updates spread over 64 commitments). */
export function rotating(method, paths, body) {
  return {
    warmup: paths.length,
    requests: async () => {
      let next = 0;
      const setupRequest = (req) => ({
        ...req,
        path: paths[next++ % paths.length],
        body: JSON.stringify(bodyOf(body)),
      });
      return [{ method, headers: JSON_HEADERS, setupRequest }];
    },
    sequence: async (side) => (i) =>
      request(side.base + paths[i % paths.length], { method, token: side.token, body: bodyOf(body) }),
  };
}

/** The current ETag of each commitment. */
async function etags(side, ids) {
  const found = new Map();
  for (const id of ids) {
    const response = expectOk(
      `GET commitment ${id}`,
      await request(`${side.base}/api/v1/commitments/${id}`, { token: side.token }),
    );
    found.set(id, response.headers.etag);
  }
  return found;
}

function etagOf(headers) {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === 'etag');
  return key ? String(headers[key]) : undefined;
}

/**
 * PATCH /api/v1/commitments/{id} with If-Match: each connection edits its own commitment (ids
 * handed out in turn) and sends the ETag of its previous response, so none should get a 412.
 * The per-connection state lives on the request object, which autocannon copies per connection
 * (its `context` is reset after every pass over a one-request list).
 */
export function patching(ids) {
  let edit = 0;
  const body = () => JSON.stringify({ description: `Bench edit ${++edit}: joint patrol schedule revised.` });
  return {
    warmup: 3,
    requests: async (side) => {
      const current = await etags(side, ids);
      let next = 0;
      return [
        {
          method: 'PATCH',
          state: {},
          setupRequest(req) {
            const state = req.state;
            if (!state.id) {
              state.id = ids[next++ % ids.length];
              state.etag = current.get(state.id);
            }
            const headers = { ...req.headers, ...JSON_HEADERS, 'if-match': state.etag };
            return { ...req, path: `/api/v1/commitments/${state.id}`, headers, body: body() };
          },
          onResponse(status, _body, _context, headers) {
            const etag = etagOf(headers);
            if (etag) this.state.etag = etag;
          },
        },
      ];
    },
    sequence: async (side) => {
      const id = ids[0];
      let etag = (await etags(side, [id])).get(id);
      return async () => {
        const response = await request(`${side.base}/api/v1/commitments/${id}`, {
          method: 'PATCH',
          token: side.token,
          headers: { 'if-match': etag },
          body: JSON.parse(body()),
        });
        etag = response.headers.etag ?? etag;
        return response;
      };
    },
  };
}

/**
 * GET on each of the list's first `count` pages in turn (their cursors followed once, at set-up):
 * more pages than the app keeps (LIST_CACHE_PAGES, 128 by default), visited in a cycle, so no
 * page is ever served again. What a reporting tool paging through a committee costs.
 */
export function pages(firstPath, count) {
  let paths = null;
  const discover = async (side) => {
    if (paths) return paths;
    paths = [firstPath];
    while (paths.length < count) {
      const page = expectOk(`GET ${paths.at(-1)}`, await request(side.base + paths.at(-1), { token: side.token }));
      if (!page.body.nextCursor) break;
      paths.push(`${firstPath}&cursor=${encodeURIComponent(page.body.nextCursor)}`);
    }
    return paths;
  };
  return {
    warmup: 3,
    requests: async (side) => {
      const all = await discover(side);
      let next = 0;
      return [{ method: 'GET', path: firstPath, setupRequest: (req) => ({ ...req, path: all[next++ % all.length] }) }];
    },
    sequence: async (side) => {
      const all = await discover(side);
      return (i) => request(side.base + all[i % all.length], { token: side.token });
    },
  };
}
