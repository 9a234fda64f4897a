// A chunked session near its budget (16384 bytes of Cookie header) sent back to a Node HTTP server: Node's default
// maxHeaderSize (16 KiB) counts the request line and every header, so such a session beside a browser's other
// headers is refused with 431 before any code runs, logout included. Found by a black-box pass over Node servers;
// the README's "Node's HTTP server takes 16 KB of headers in all" read as if the budget fitted it. What the README
// now advises is checked here: a server given maxHeaderSize 32768 takes it, and so does the default server when the
// storage keeps to chunks: 3.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, describe, it } from 'node:test';
import { createCookieSessionStorage, CookieTooLargeError, withSession } from 'edge-session';

const SECRET = 'node-header-limit-secret-0123456789';
const BROWSER_HEADERS = {
  'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  Accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8',
  'Accept-Language': 'en-US,en;q=0.9',
  'Sec-Fetch-Site': 'same-origin',
  'Sec-Fetch-Mode': 'navigate',
  'Sec-Fetch-Dest': 'document',
  'Sec-CH-UA': '"Chromium";v="131", "Not_A Brand";v="24"',
  Referer: 'http://127.0.0.1/somewhere/in/the/app',
};

const servers = [];
after(() => Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve)))));

/** A node:http server over withSession: POST /set?n= stores n bytes, GET / says how many it holds. */
async function serve(storage, serverOptions = {}) {
  const handle = withSession(storage, (request, { session }) => {
    const n = Number(new URL(request.url).searchParams.get('n'));
    if (request.method === 'POST') session.set('note', 'x'.repeat(n));
    return Response.json({ bytes: session.get('note')?.length ?? 0 });
  });
  const server = createServer(serverOptions, async (req, res) => {
    const response = await handle(new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers: req.headers })).catch((error) => error);
    if (!(response instanceof Response)) {
      res.writeHead(500).end(String(response?.message ?? response));
      return;
    }
    const headers = Object.fromEntries([...response.headers].filter(([name]) => name !== 'set-cookie'));
    res.writeHead(response.status, { ...headers, 'Set-Cookie': response.headers.getSetCookie() });
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  servers.push(server);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${server.address().port}`;
}

/** The largest session (in steps of 100 bytes) the storage commits, as the Cookie header a browser sends back. */
async function largestSessionCookie(storage) {
  let largest;
  for (let n = 3000; n <= 16000; n += 100) {
    const session = await storage.getSession(null);
    session.set('note', 'x'.repeat(n));
    try {
      const headers = await storage.commitSessionHeaders(session);
      largest = { n, cookie: headers.map((header) => header.split(';')[0]).join('; ') };
    } catch (error) {
      if (error instanceof CookieTooLargeError) return largest;
      throw error;
    }
  }
  return largest;
}

describe('a chunked session near its budget, sent back to a Node HTTP server', () => {
  const chunked = createCookieSessionStorage({ cookie: { secrets: [SECRET] }, chunks: 16 });

  it("Node's default maxHeaderSize refuses it with 431 beside a browser's other headers (why the README warns)", async () => {
    const { cookie } = await largestSessionCookie(chunked);
    assert.ok(cookie.length > 15_500, `${cookie.length} bytes of Cookie header`);
    const response = await fetch(await serve(chunked), { headers: { ...BROWSER_HEADERS, Cookie: cookie } });
    assert.equal(response.status, 431);
  });

  it('a server given maxHeaderSize: 32768 reads it', async () => {
    const { n, cookie } = await largestSessionCookie(chunked);
    const response = await fetch(await serve(chunked, { maxHeaderSize: 32_768 }), { headers: { ...BROWSER_HEADERS, Cookie: cookie } });
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { bytes: n });
  });

  it("with chunks: 3 the default server reads the largest session beside a browser's headers", async () => {
    const three = createCookieSessionStorage({ cookie: { secrets: [SECRET] }, chunks: 3 });
    const { n, cookie } = await largestSessionCookie(three);
    const response = await fetch(await serve(three), { headers: { ...BROWSER_HEADERS, Cookie: cookie } });
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { bytes: n });
  });
});
