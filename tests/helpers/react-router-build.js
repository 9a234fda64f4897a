// A minimal React Router server build for in-process tests with the real createRequestHandler: the routes given,
// a stub document renderer that keeps the status and headers React Router hands it (as entry.server does), and
// the manifest fields a production build carries.

/**
 * @param {object} routes React Router's route manifest (`{ [id]: { id, parentId?, path, module } }`)
 * @param {{ middleware?: boolean, entry?: (request: Request, status: number, headers: Headers) => Response }} [options]
 *   `middleware`: future.v8_middleware (default true); `entry`: the document renderer
 */
export function reactRouterBuild(routes, { middleware = true, entry = (request, status, headers) => new Response('<!DOCTYPE html>', { status, headers }) } = {}) {
  return {
    mode: 'production',
    entry: { module: { default: entry } },
    routes,
    assets: { entry: { module: '/entry.js', imports: [] }, routes: {}, url: '/manifest.js', version: '1' },
    publicPath: '/',
    assetsBuildDirectory: '/tmp',
    future: { v8_middleware: middleware },
    ssr: true,
    isSpaMode: false,
    prerender: [],
    routeDiscovery: { mode: 'initial' },
  };
}
