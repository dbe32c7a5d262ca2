// The organisation's OpenID Connect provider for the tests: the real `oidc-provider` package, in a
// worker thread of the test process (it is an ES module, which jest's CommonJS runtime cannot load;
// a worker runs on Node's own loader). Its development login and consent pages accept any name.
import { createServer } from 'node:http';
import { parentPort } from 'node:worker_threads';
import Provider from 'oidc-provider';

let provider;
let issuer;
const server = createServer((req, res) => {
  if (!provider) {
    res.statusCode = 503;
    res.end();
    return;
  }
  provider.callback()(req, res);
});
server.listen(0, '127.0.0.1', () => {
  issuer = `http://localhost:${server.address().port}`;
  parentPort.postMessage({ type: 'listening', issuer });
});

parentPort.on('message', (message) => {
  if (message.type === 'client') {
    provider = new Provider(issuer, {
      clients: [{ client_id: message.clientId, client_secret: message.clientSecret, redirect_uris: [message.redirectUri], grant_types: ['authorization_code'], response_types: ['code'] }],
      findAccount: (_ctx, id) => ({ accountId: id, claims: () => ({ sub: id }) }),
      features: { devInteractions: { enabled: true } },
      pkce: { required: () => true },
      cookies: { keys: ['klaster-test-cookie-key'] },
    });
    parentPort.postMessage({ type: 'ready' });
  }
  if (message.type === 'stop') {
    server.closeAllConnections?.();
    server.close(() => parentPort.close());
  }
});
