// The bench Worker: runs the PRG cycles of ../cycle.js inside workerd.
//
//   GET /?impl=edge|remix|rr&n=N   N chained cycles of one implementation, from a first visit;
//                                  n=0 does nothing (the baseline request)
//   GET /verify                    bench/cycle.js verify() for every implementation
//   GET|POST /http/<row>/          one request of the withSession PRG cycle (bench/request-cycle.js), for
//                                  bench/http-cycle.js: row plain, plain-again, csrf
//
// It does not time itself: in workerd, Date.now() and performance.now() stand still while
// JavaScript runs and only advance across I/O (a Spectre mitigation), so an in-Worker timer
// around CPU-bound cycles reads ~0. bench/workerd.js times the requests from outside instead.
import { findImplementation, implementations, runCycles, verify } from '../cycle.js';
import { makeFetch } from '../request-cycle.js';

/** The PRG cycle's Worker per row of bench/http-cycle.js, made at first use (nothing runs at import). */
const httpRows = new Map();
const HTTP_CSRF = { plain: false, 'plain-again': false, csrf: true };

export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    const row = /^\/http\/([a-z-]+)\/$/.exec(url.pathname)?.[1];
    if (row !== undefined && row in HTTP_CSRF) {
      if (!httpRows.has(row)) httpRows.set(row, makeFetch(HTTP_CSRF[row]));
      return httpRows.get(row)(request, env, ctx);
    }
    try {
      if (url.pathname === '/verify') {
        for (const impl of implementations) await verify(impl);
        return Response.json({ ok: true });
      }
      const n = Number(url.searchParams.get('n') ?? 1);
      const impl = findImplementation(url.searchParams.get('impl'));
      const { count, flash } = await runCycles(impl, n);
      return Response.json({ impl: impl.key, n, count, flash });
    } catch (error) {
      return new Response(String(error?.stack ?? error), { status: 500 });
    }
  },
};
