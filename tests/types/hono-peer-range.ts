// Type-checked by `npm test` (tsc, tsconfig.json): what the README's Hono form needs at the low end of the peer range
// (`hono ^4.0.0`). Hono 4.0 to 4.4 constrain an app's Env as `{ Bindings?: Record<string, unknown>; Variables?:
// Record<string, unknown> }` (4.5 relaxed both to `object`); an interface has no implicit index signature, so
// `new Hono<{ Bindings: Env; Variables: SessionVariables }>()` failed there ("does not satisfy the constraint 'Env'")
// and `c.var.session` was `unknown` (range pass: hono 4.0.0 and 4.4.13 in a scratch project, tsc strict, bundler
// and node16). Checked here against those shapes, without installing an old hono.
import type { Session, SessionData } from 'edge-session';
import type { SessionVariables } from 'edge-session/hono';

/** hono 4.0-4.4's `Env` (hono/dist/types/types.d.ts). */
type Hono40Env = { Bindings?: Record<string, unknown>; Variables?: Record<string, unknown> };
type Satisfies<T extends Hono40Env> = T;

type Bindings = { SESSION_SECRET: string };
export type Readme = Satisfies<{ Bindings: Bindings; Variables: SessionVariables }>;
export type Typed = Satisfies<{ Variables: SessionVariables<{ visits: number }> }>;
// and hono 4.0's c.var is the Variables as given: the session stays typed
export const session = (variables: Readme['Variables']): Session<SessionData> => variables.session;
