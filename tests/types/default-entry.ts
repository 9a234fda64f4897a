// Checked with no runtime condition (tsconfig.default.json: "bundler" resolution, as a Workers project's
// tsconfig usually has): both runtimes' storages are listed, since the resolver cannot tell which will run.
import { createDurableObjectSessionStorage, createFileSessionStorage, SessionDurableObject } from 'edge-session';

void [createDurableObjectSessionStorage, createFileSessionStorage, SessionDurableObject];
