// Starts a Worker inside workerd (wrangler's unstable_startWorker, the engine of `wrangler dev`) on a free
// local port, for tests and benchmarks that talk to it over HTTP.
import { fileURLToPath } from 'node:url';
import { unstable_DevEnv } from 'wrangler';

/** The repository's wrangler.toml, whose `main` is the example Worker. */
export const EXAMPLE_CONFIG = fileURLToPath(new URL('../../wrangler.toml', import.meta.url));

// Deterministic and offline: no request for the Request.cf placeholder, no usage metrics.
process.env.CLOUDFLARE_CF_FETCH_ENABLED ??= 'false';
process.env.WRANGLER_SEND_METRICS ??= 'false';

/**
 * @param {object} [options]
 * @param {string} [options.config] wrangler config file (default: the example's).
 * @param {Record<string, string>} [options.vars] plain-text vars; they override the config's [vars].
 * @param {Record<string, string>} [options.secrets] secret bindings, e.g. { SESSION_SECRET: '...' }. They are the
 *   only secrets the Worker gets: a developer's .dev.vars / .env files are deliberately not read.
 * @param {'none' | 'error' | 'warn' | 'info' | 'log' | 'debug'} [options.logLevel] wrangler's and the Worker's
 *   console output; build errors reach the caller as a rejection whatever the level.
 * @param {number} [options.timeoutMs] how long starting may take.
 * @returns {Promise<{ url: URL, directUrl: URL, dispose: () => Promise<void> }>} `url` goes through wrangler's dev
 *   proxy, as `wrangler dev` serves; `directUrl` is workerd's own socket, with no proxy in front. The proxy of
 *   wrangler 4.86 fails the POST that follows a response sent before its request's body was read (an upload
 *   refused well short of its end) with its own 503 "Your worker restarted mid-request" (workers-sdk#15203, open);
 *   a test of such refusals talks to `directUrl`, as a client of a deployed Worker talks to workerd. Its hop to
 *   workerd also fails a POST now and then on a loaded machine with the same 503, the Worker never restarted
 *   (workers-sdk#14641): tests that send many POSTs (the model-based and pairwise runs) talk to `directUrl` too.
 * @example
 * const worker = await startWorker({ secrets: { SESSION_SECRET: 'test' } });
 * after(() => worker.dispose());
 * const res = await fetch(new URL('/', worker.url));
 */
export async function startWorker({ config = EXAMPLE_CONFIG, vars = {}, secrets = {}, logLevel = 'warn', timeoutMs = 30_000 } = {}) {
  const bindings = {
    ...Object.fromEntries(Object.entries(vars).map(([name, value]) => [name, { type: 'plain_text', value }])),
    ...Object.fromEntries(Object.entries(secrets).map(([name, value]) => [name, { type: 'secret_text', value }])),
  };
  const devEnv = new unstable_DevEnv();
  const loaded = firstLoad(devEnv);
  loaded.catch(() => {}); // handled below; this only keeps an early build failure from being "unhandled"
  const worker = await devEnv.startWorker({
    config,
    bindings,
    // A non-empty list turns off .dev.vars; this file never exists, so no local secret leaks into a test.
    envFiles: ['.env.tests-read-no-env-file'],
    sendMetrics: false,
    dev: {
      server: { hostname: '127.0.0.1', port: 0 },
      inspector: false,
      watch: false,
      liveReload: false,
      persist: false,
      logLevel,
    },
  });
  try {
    const [, proxyData] = await withTimeout(Promise.all([worker.ready, loaded]), timeoutMs, 'worker did not start');
    const url = await worker.url;
    const { protocol, hostname, port } = proxyData.userWorkerUrl;
    const directUrl = new URL(`${protocol}//${hostname}:${port}/`);
    let disposed;
    return { url, directUrl, dispose: () => (disposed ??= worker.dispose()) };
  } catch (error) {
    await worker.dispose();
    throw error;
  }
}

/**
 * Settles with the proxy's view of the loaded Worker (its `userWorkerUrl`: workerd's socket) when workerd has
 * loaded the first bundle, or rejects when the build fails. Without this a build error
 * is only logged and every request hangs. Uses DevEnv's event bus (`dispatch`), which is what
 * unstable_startWorker itself is made of; the timeout above still bounds it if those events ever change.
 */
function firstLoad(devEnv) {
  return new Promise((resolve, reject) => {
    const dispatch = devEnv.dispatch.bind(devEnv);
    devEnv.dispatch = (event) => {
      if (event.type === 'reloadComplete') resolve(event.proxyData);
      if (event.type === 'error' && event.source === 'BundlerController') {
        const errors = event.cause?.errors ?? event.cause?.cause?.errors ?? [];
        const details = errors.map((e) => `${e.location?.file ?? ''}:${e.location?.line ?? ''} ${e.text}`).join('\n');
        reject(new Error(`wrangler could not build the Worker: ${event.cause?.message ?? event.reason}\n${details}`));
      }
      dispatch(event);
    };
  });
}

function withTimeout(promise, ms, message) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${message} within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
