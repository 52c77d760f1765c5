// A real OpenID Connect provider for development and the tests: the certified `oidc-provider`
// package (npm), on the loopback address, with test users and groups. Never for production.
//
//   node dev/oidc-provider/server.mjs [--port 8081] [--client-id ID --client-secret S --redirect-uri URL ...]
//
// It prints one line "READY <issuer>" when it listens (port 0 picks a free port).
// Its own login page checks the users' passwords (USERS below); consent is given automatically.
//
// A small control API under /__test/ (JSON, loopback only) lets the tests change the world:
//   POST /__test/clients  {client_id, client_secret, redirect_uris, post_logout_redirect_uris}
//   POST /__test/users    {login, password, sub, email, name, groups}   (add or replace one user)
//   POST /__test/down     {down: true|false}   every OpenID request answers 503 while down
//   POST /__test/tamper   {mode: null|"signature"|"audience"|"expired"}  spoil the next ID tokens:
//        "signature" changes the e-mail claim after signing; "audience" and "expired" re-sign a token
//        (with the provider's own key) for another client or that expired an hour ago. The provider
//        itself never issues such tokens, so the relying party's checks are tested this way.
import http from 'node:http';
import { parseArgs } from 'node:util';

import { SignJWT, decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, importJWK } from 'jose';
import Provider from 'oidc-provider';

const { values: args } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
    'client-id': { type: 'string' },
    'client-secret': { type: 'string' },
    'redirect-uri': { type: 'string', multiple: true, default: [] },
    'post-logout-redirect-uri': { type: 'string', multiple: true, default: [] },
  },
});

// --- Users and groups ----------------------------------------------------------------------------
const DEMO_PASSWORD = 'sso-demo-2026';
const USERS = new Map();
function putUser({ login, password = DEMO_PASSWORD, sub, email, name, groups = [] }) {
  USERS.set(login, { login, password, sub: sub || login, email: email || login, name: name || login, groups });
}
putUser({ login: 'sanne@sso.voorbeeldstad.nl', name: 'Sanne Single-Sign-On', groups: ['cc-inkopers'] });
putUser({ login: 'karel@sso.voorbeeldstad.nl', name: 'Karel Keten', groups: ['cc-chefs', 'medewerkers'] });
putUser({ login: 'lotte@sso.voorbeeldstad.nl', name: 'Lotte Lezer', groups: ['cc-lezers'] });
putUser({ login: 'nina@sso.voorbeeldstad.nl', name: 'Nina Niet-Gekoppeld', groups: ['medewerkers'] });
const userBySub = (sub) => [...USERS.values()].find((user) => user.sub === sub);

// --- Storage (in memory) -------------------------------------------------------------------------
const stores = new Map();
class MemoryAdapter {
  constructor(name) {
    this.name = name;
    if (!stores.has(name)) stores.set(name, new Map());
    this.store = stores.get(name);
  }
  key(id) { return id; }
  async upsert(id, payload, expiresIn) {
    this.store.set(id, { payload, expires: expiresIn ? Date.now() + expiresIn * 1000 : null });
    if (payload.grantId) {
      const grants = stores.get('grants') || new Map();
      stores.set('grants', grants);
      grants.set(payload.grantId, [...(grants.get(payload.grantId) || []), [this.name, id]]);
    }
    if (payload.userCode) stores.get(this.name).set(`userCode:${payload.userCode}`, id);
    if (payload.uid) stores.get(this.name).set(`uid:${payload.uid}`, id);
  }
  async find(id) {
    const entry = this.store.get(id);
    if (!entry || typeof entry !== 'object' || !('payload' in entry)) return undefined;
    if (entry.expires && entry.expires < Date.now()) { this.store.delete(id); return undefined; }
    return entry.payload;
  }
  async findByUserCode(code) { return this.find(this.store.get(`userCode:${code}`)); }
  async findByUid(uid) { return this.find(this.store.get(`uid:${uid}`)); }
  async consume(id) { const entry = this.store.get(id); if (entry) entry.payload.consumed = Math.floor(Date.now() / 1000); }
  async destroy(id) { this.store.delete(id); }
  async revokeByGrantId(grantId) {
    for (const [name, id] of (stores.get('grants')?.get(grantId) || [])) stores.get(name)?.delete(id);
  }
}
function putClient({ client_id, client_secret, redirect_uris = [], post_logout_redirect_uris = [] }) {
  stores.get('Client').set(client_id, {
    payload: {
      client_id, client_secret, redirect_uris, post_logout_redirect_uris,
      grant_types: ['authorization_code'], response_types: ['code'], token_endpoint_auth_method: 'client_secret_basic',
    },
    expires: null,
  });
}

// --- The provider ------------------------------------------------------------------------------
const state = { down: false, tamper: null };
const { privateKey } = await generateKeyPair('RS256', { extractable: true });
const signingJwk = { ...(await exportJWK(privateKey)), kid: 'dev-key-1', use: 'sig', alg: 'RS256' };

async function listen(server) {
  await new Promise((resolve) => server.listen(Number(args.port), args.host, resolve));
  return server.address().port;
}
const server = http.createServer();
const port = await listen(server);
const issuer = `http://${args.host}:${port}`;

const provider = new Provider(issuer, {
  adapter: MemoryAdapter,
  jwks: { keys: [signingJwk] },
  cookies: { keys: ['dev-only-cookie-key-not-secret'] },
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'], groups: ['groups'] },
  scopes: ['openid', 'email', 'profile', 'groups'],
  // The ID token carries the claims asked for by scope (as Entra ID and Keycloak can), not only the userinfo.
  conformIdTokenClaims: false,
  pkce: { required: () => true },
  features: { devInteractions: { enabled: false }, rpInitiatedLogout: { enabled: true } },
  ttl: { IdToken: 300, AccessToken: 300, AuthorizationCode: 60, Session: 3600, Interaction: 600, Grant: 3600 },
  async findAccount(ctx, sub) {
    const user = userBySub(sub);
    if (!user) return undefined;
    return {
      accountId: sub,
      async claims() {
        const current = userBySub(sub) || user; // groups as they are now: a change shows at the next login
        return { sub, email: current.email, email_verified: true, name: current.name, groups: current.groups };
      },
    };
  },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
});
new MemoryAdapter('Client');
if (args['client-id']) {
  putClient({
    client_id: args['client-id'], client_secret: args['client-secret'],
    redirect_uris: args['redirect-uri'], post_logout_redirect_uris: args['post-logout-redirect-uri'],
  });
}

provider.use(async (ctx, next) => {
  await next();
  if (ctx.path === '/token' && state.tamper && ctx.body && ctx.body.id_token) {
    ctx.body = { ...ctx.body, id_token: await spoil(ctx.body.id_token, state.tamper) };
  }
});

async function spoil(token, mode) {
  const [header, payload, signature] = token.split('.');
  const claims = decodeJwt(token);
  if (mode === 'signature') {
    const changed = Buffer.from(JSON.stringify({ ...claims, email: 'someone-else@example.org' })).toString('base64url');
    return `${header}.${changed}.${signature}`;
  }
  const now = Math.floor(Date.now() / 1000);
  const spoiled = mode === 'audience'
    ? { ...claims, aud: 'another-client' }
    : { ...claims, iat: now - 7200, exp: now - 3600 };
  const key = await importJWK(signingJwk, 'RS256');
  return new SignJWT(spoiled).setProtectedHeader(decodeProtectedHeader(token)).sign(key);
}

// --- The login page ------------------------------------------------------------------------------
const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
function page(title, body) {
  return `<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>${escape(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main><h1>${escape(title)}</h1>${body}</main></body></html>`;
}
function loginForm(uid, error = '', login = '') {
  return page('Inloggen bij de test-identityprovider', `
<p>Ontwikkelomgeving: de identityprovider van de tests en <code>make sso-demo</code>.</p>
${error ? `<p role="alert">${escape(error)}</p>` : ''}
<form method="post" action="/interaction/${escape(uid)}/login">
<p><label for="login">Gebruikersnaam</label><br><input id="login" name="login" autocomplete="username" value="${escape(login)}" required></p>
<p><label for="password">Wachtwoord</label><br><input id="password" name="password" type="password" autocomplete="current-password" required></p>
<p><button type="submit">Aanmelden</button></p>
</form>`);
}
async function readForm(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}
async function readJson(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
}
function send(res, status, body, type = 'text/html; charset=utf-8') {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

async function interaction(req, res, uid, action) {
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) return send(res, 400, page('Onbekende aanmelding', ''));
  const { prompt, params } = details;
  if (prompt.name === 'login') {
    if (action !== 'login' || req.method !== 'POST') return send(res, 200, loginForm(uid, '', params.login_hint || ''));
    const form = await readForm(req);
    const user = USERS.get(form.get('login') || '');
    if (!user || user.password !== form.get('password')) {
      return send(res, 200, loginForm(uid, 'Gebruikersnaam of wachtwoord onjuist.', form.get('login') || ''));
    }
    return provider.interactionFinished(req, res, { login: { accountId: user.sub } }, { mergeWithLastSubmission: false });
  }
  // consent: granted for what the client asked
  const grant = new provider.Grant({ accountId: details.session.accountId, clientId: params.client_id });
  grant.addOIDCScope(String(params.scope || 'openid'));
  const grantId = await grant.save();
  return provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
}

async function control(req, res, what) {
  const body = req.method === 'POST' ? await readJson(req) : {};
  if (what === 'clients') putClient(body);
  else if (what === 'users') putUser(body);
  else if (what === 'down') state.down = Boolean(body.down);
  else if (what === 'tamper') state.tamper = body.mode || null;
  else return send(res, 404, '{}', 'application/json');
  return send(res, 200, JSON.stringify({ ok: true, ...state }), 'application/json');
}

const handleProvider = provider.callback();
server.on('request', async (req, res) => {
  try {
    const url = new URL(req.url, issuer);
    const parts = url.pathname.split('/').filter(Boolean);
    if (parts[0] === '__test') return await control(req, res, parts[1]);
    if (url.pathname === '/favicon.ico') return send(res, 204, '');
    if (state.down) return send(res, 503, page('Niet beschikbaar', '<p>De identityprovider is (voor de test) uit.</p>'));
    if (parts[0] === 'interaction' && parts[1]) return await interaction(req, res, parts[1], parts[2]);
    return handleProvider(req, res);
  } catch (error) {
    console.error(error);
    if (!res.headersSent) send(res, 500, page('Fout', `<p>${escape(error.message)}</p>`));
  }
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));
console.log(`READY ${issuer}`);
