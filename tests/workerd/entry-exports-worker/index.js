// A Worker for tests/workerd/entry-exports-match-types.test.js: the names the package's workerd entry exports, as a
// Worker bundled by wrangler gets them.
import * as edgeSession from 'edge-session';

export { SessionDurableObject } from 'edge-session';

export default {
  fetch: () => Response.json(Object.keys(edgeSession).sort()),
};
