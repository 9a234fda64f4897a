// One site of several hosts for Chromium: app.example.test (and others) proxied to Workers in workerd, and
// evil.example.test, a sibling subdomain an attacker controls (user content, a compromised marketing site), all on
// one https server of 127.0.0.1 with a self-signed certificate for *.example.test. Chromium resolves every
// *.example.test to 127.0.0.1 (--host-resolver-rules) and the contexts ignore the certificate's issuer: the hosts are
// secure contexts, so Secure and __Host- cookies are kept and Sec-Fetch-Site is sent, as on a deployed site.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Chromium mapping *.example.test to this machine. */
export function launchChromiumForSite() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', '--host-resolver-rules=MAP *.example.test 127.0.0.1'],
    timeout: 30_000,
  });
}

function selfSignedCertificate() {
  const dir = mkdtempSync(join(tmpdir(), 'sibling-cert-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=example.test',
      '-addext', 'subjectAltName=DNS:example.test,DNS:*.example.test', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The https server: `hosts` maps a host name to a Worker's URL (proxied, Host kept) or to a handler
 * `(request, response, url)`. Resolves to { port, origin(host), close() }.
 */
export async function serveSite(hosts) {
  const server = createServer(selfSignedCertificate(), (request, response) => {
    const host = (request.headers.host ?? '').replace(/:\d+$/, '');
    const target = hosts[host];
    if (typeof target === 'function') return target(request, response, new URL(request.url, `https://${request.headers.host}`));
    if (!target) {
      response.writeHead(404).end();
      return;
    }
    const upstream = httpRequest({ hostname: target.hostname, port: target.port, method: request.method, path: request.url, headers: request.headers }, (answer) => {
      response.writeHead(answer.statusCode, answer.rawHeaders);
      answer.pipe(response);
    });
    upstream.on('error', () => response.destroy());
    request.pipe(upstream);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    port,
    origin: (host) => `https://${host}:${port}`,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}
