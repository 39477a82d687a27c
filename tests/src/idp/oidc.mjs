// A real OpenID provider for the tests (tests/src/idp/oidc.rs): panva's
// certified oidc-provider (npm), with a login page of its own that checks a
// password, and consent granted for what the client asks. Usage:
//   OIDC_PROVIDER_MODULE=<file URL of oidc-provider/lib/index.js> \
//   OIDC_SETUP='{"accounts": {...}, "client_secret": "...", "redirect_uris": [...]}' \
//   node oidc.mjs PORT
import crypto from 'node:crypto';
import http from 'node:http';

const { Provider } = await import(process.env.OIDC_PROVIDER_MODULE);
const port = Number(process.argv[2]);
const { accounts, client_secret, redirect_uris, foreign_keys } = JSON.parse(process.env.OIDC_SETUP);
const issuer = `http://127.0.0.1:${port}`;

// A signing key of its own each start, as a provider rotating its keys.
const rsa = () => crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
const signing = { ...rsa().export({ format: 'jwk' }), kid: 'campus', use: 'sig' };
// With `foreign_keys`, its key set names another key under the same kid:
// the ID tokens it signs are then signed by a key the set does not hold.
const foreign = foreign_keys
  ? JSON.stringify({ keys: [{ ...crypto.createPublicKey(rsa()).export({ format: 'jwk' }),
    kid: 'campus', use: 'sig', alg: 'RS256' }] })
  : null;

const provider = new Provider(issuer, {
  clients: [{
    client_id: 'liaison',
    client_secret,
    redirect_uris,
    response_types: ['code'],
    grant_types: ['authorization_code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  jwks: { keys: [signing] },
  pkce: { required: () => true },
  features: { devInteractions: { enabled: false } },
  claims: { openid: ['sub'], profile: ['name', 'preferred_username'] },
  // The profile claims in the ID token too, as campus portals do.
  conformIdTokenClaims: false,
  cookies: { keys: ['liaison-tests-only'] },
  async findAccount(ctx, sub) {
    const a = accounts[sub];
    if (!a) return undefined;
    return {
      accountId: sub,
      async claims() {
        return { sub, name: a.name, preferred_username: sub };
      },
    };
  },
});

const page = (uid, error) => `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>统一身份认证</title></head>
<body><h1>统一身份认证（测试）</h1>
<form id="login_form" method="post" action="/interaction/${uid}/login">
<label for="id_username">学号/工号</label><input id="id_username" name="username">
<label for="id_password">密码</label><input id="id_password" name="password" type="password">
${error ? `<p class="error">${error}</p>` : ''}
<button type="submit">登录</button></form></body></html>`;

const form = (req) => new Promise((resolve) => {
  let body = '';
  req.on('data', (c) => { body += c; });
  req.on('end', () => resolve(Object.fromEntries(new URLSearchParams(body))));
});

const callback = provider.callback();
const server = http.createServer(async (req, res) => {
  if (foreign && req.url === '/jwks') {
    res.setHeader('content-type', 'application/jwk-set+json');
    return res.end(foreign);
  }
  const m = req.url.match(/^\/interaction\/([^/?]+)(\/login)?/);
  if (!m) return callback(req, res);
  try {
    const details = await provider.interactionDetails(req, res);
    if (req.method === 'POST' && m[2]) {
      const { username, password } = await form(req);
      const a = accounts[username];
      if (!a || a.password !== password) {
        res.setHeader('content-type', 'text/html; charset=utf-8');
        return res.end(page(details.uid, '学号/工号或密码错误'));
      }
      return provider.interactionFinished(req, res, { login: { accountId: username } },
        { mergeWithLastSubmission: false });
    }
    if (details.prompt.name === 'login') {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      return res.end(page(details.uid));
    }
    const grant = new provider.Grant({
      accountId: details.session.accountId,
      clientId: details.params.client_id,
    });
    grant.addOIDCScope(details.params.scope);
    const grantId = await grant.save();
    return provider.interactionFinished(req, res, { consent: { grantId } },
      { mergeWithLastSubmission: true });
  } catch (e) {
    res.statusCode = 500;
    return res.end(String(e));
  }
});
server.listen(port, '127.0.0.1', () => console.log('ready'));
