// README (Security model; Choices): "An unsigned session cookie logs a warning once": any client can forge its
// sessions (any userId). Per cookie name, for the cookie storage and the server-side storages alike; a signed one
// gives none. Regression (mutation pass): the warning dropped, or given at every storage made, was noticed by no test.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, createMemorySessionStorage } from 'edge-session';
import { capturedWarnings } from '../helpers/captured-warnings.js';

const warned = capturedWarnings();
const LONG = 'V8hQm1n9cS2xPz4K7tYw3LdR0fGj6bNeUaIoMqHsZc='; // openssl rand -base64 32

describe('An unsigned session cookie is called out', () => {
  for (const make of [createCookieSessionStorage, createMemorySessionStorage]) {
    it(`${make.name} without secrets warns once per cookie name, saying its sessions can be forged`, () => {
      const name = `unsigned-${make.name}`;
      make({ cookie: { name } });
      make({ cookie: { name } });
      const about = warned().filter((warning) => warning.includes(`"${name}"`));
      assert.equal(about.length, 1, `warnings: ${JSON.stringify(warned())}`);
      assert.match(about[0], /not signed/);
      assert.match(about[0], /forge/);
    });

    it(`${make.name} with secrets gives no such warning`, () => {
      make({ cookie: { name: `signed-${make.name}`, secrets: [LONG] } });
      assert.deepEqual(warned().filter((warning) => warning.includes(`signed-${make.name}`)), []);
    });
  }
});
