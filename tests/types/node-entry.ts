// Checked under the `node` condition (tsconfig.json: NodeNext resolution): the Node entry's types list only
// what js/index.node.js exports. Each @ts-expect-error fails the check if it stops erring.
// @ts-expect-error: the Durable Object storage imports 'cloudflare:workers'; the Node entry does not export it
import { createDurableObjectSessionStorage } from 'edge-session';
// @ts-expect-error: nor its Durable Object class
import { SessionDurableObject } from 'edge-session';
import { createFileSessionStorage, createWorkersKVSessionStorage } from 'edge-session';

void [createDurableObjectSessionStorage, SessionDurableObject, createFileSessionStorage, createWorkersKVSessionStorage];
