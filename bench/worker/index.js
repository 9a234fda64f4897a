// The bench Worker: runs the PRG cycles of ../cycle.js inside workerd.
//
//   GET /?impl=edge|remix|rr&n=N   N chained cycles of one implementation, from a first visit;
//                                  n=0 does nothing (the baseline request)
//   GET /verify                    bench/cycle.js verify() for every implementation
//
// It does not time itself: in workerd, Date.now() and performance.now() stand still while
// JavaScript runs and only advance across I/O (a Spectre mitigation), so an in-Worker timer
// around CPU-bound cycles reads ~0. bench/workerd.js times the requests from outside instead.
import { findImplementation, implementations, runCycles, verify } from '../cycle.js';

export default {
  async fetch(request) {
    const url = new URL(request.url);
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
