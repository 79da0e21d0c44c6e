// `npm run hub` — Baton Hub for production-like use: serve, issue agent tokens, import a knowledge base.
// Configuration comes from the environment (PRODUCT.md "Running it").
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { roleSchema } from '../shared/domain/conversation';
import { parseWith } from '../shared/validation';
import { openHubStore } from './store/open-store';
import type { HubStore } from './store/hub-store';
import { issueToken, parseExpiry } from './auth/agent-tokens';
import { botIdForName, issueBotKey } from './auth/bot-keys';
import { importKbArticles, readKbFile } from './kb/kb-import';
import { startHub } from './server';

const HELP = `Baton Hub — the server bots hand conversations to.

Usage:
  npm run hub                                   serve (HTTP API + /agent socket.io namespace)
  npm run hub -- agents add --name NAME [--role agent|supervisor] [--skills a,b] [--capacity 3] [--id ID]
                            [--expires 90d]     create an agent (or re-issue its token); prints the token once.
                                                --expires (d, h, m or s) makes the token stop working after it
  npm run hub -- agents list                    list agents (never tokens)
  npm run hub -- bots add --name NAME            create a bot; prints its key once
  npm run hub -- bots rotate --name NAME         give the bot another key (the old ones work until revoked)
  npm run hub -- bots revoke --name NAME [--key KEYID]
                                                revoke one key (KEYID from bots list), or all of the bot's keys
  npm run hub -- bots list                      list bots and key ids (never keys)
  npm run hub -- kb import FILE.json            import a knowledge base: a JSON array of { id, title, body, category, steps?, askedAs? }
  npm run hub -- --help                         this help

Environment:
  BATON_HUB_PORT   port to listen on (default 7300)
  BATON_HUB_HOST   address to bind (default 127.0.0.1)
  BATON_DATA_DIR   where the hub keeps hub.db (default ./.baton-data/hub)
  BATON_DATABASE_URL  postgres://user:pass@host:5432/db keeps the hub's state in PostgreSQL instead of hub.db,
                   so several hub processes can share it (every command here uses it too)
  BATON_HUB_ADVERTISE  host:port the other hub processes of the database reach this one at (default
                   BATON_HUB_HOST:BATON_HUB_PORT); a standby forwards what it accepts to the serving one
  BATON_REDIS_URL  redis://host:6379 (with BATON_DATABASE_URL): the hub processes serve side by side, each on its
                   own BATON_HUB_PORT behind a load balancer; one of them routes, the others ask it over Redis
  BATON_REDIS_PREFIX  the start of every Redis key and channel the hub uses (default baton)
  BATON_BOT_KEYS   comma-separated bot keys the hub accepts (one is generated and printed if unset)
  Optional routing settings:
  BATON_OFFER_TIMEOUT_SECONDS    how long an agent has to accept an offer (default 30)
  BATON_RECONNECT_GRACE_SECONDS  how long a dropped agent keeps their conversations (default 60)
  BATON_REOFFER_SECONDS          how long before an agent who declined or missed an offer is asked again
                                 when nobody else can take it (default 30)
  BATON_RETELL_SECONDS           how often at most a waiting customer is told again where they are and how long
                                 the wait is, when that changed (default 30)
  BATON_PRIORITY_ORDER           order of vip,frustration,wait (default vip,frustration,wait)
  BATON_VIP_TIERS                customer tiers treated as VIP (default vip)
  BATON_FCR_WINDOW_HOURS         first-contact-resolution window (default 72)
  BATON_BOT_RATE_PER_MINUTE      requests per minute per bot key (default 1200)
  Security:
  BATON_CALLBACK_ALLOW           comma-separated callback targets allowed although internal (loopback,
                                 private, link-local, metadata): host, host:port, IP or CIDR (default none)
  BATON_ALLOWED_ORIGINS          comma-separated web origins that may open the socket.io endpoint (default the
                                 desk's own: app://desk, http://127.0.0.1:7310, http://localhost:7310; * = any)
  BATON_AUTH_FAILURES_PER_MINUTE failed sign-ins (HTTP and socket) per client address before 429 (default 60)
  BATON_AGENT_RATE_PER_MINUTE    agent HTTP requests per token (default 600)
  BATON_AGENT_EVENT_RATE_PER_MINUTE  socket events per agent token (default 1200)
`;

const list = (s: string | undefined): string[] | undefined => s?.split(',').map((x) => x.trim()).filter(Boolean);
const routingEnvSchema = z.object({
  BATON_OFFER_TIMEOUT_SECONDS: z.coerce.number().min(1).max(3_600).optional(),
  BATON_RECONNECT_GRACE_SECONDS: z.coerce.number().min(0).max(86_400).optional(),
  BATON_REOFFER_SECONDS: z.coerce.number().min(1).max(86_400).optional(),
  BATON_RETELL_SECONDS: z.coerce.number().min(1).max(3_600).optional(),
  BATON_PRIORITY_ORDER: z.array(z.enum(['vip', 'frustration', 'wait'])).min(1).optional(),
  BATON_VIP_TIERS: z.array(z.string().min(1)).optional(),
  BATON_FCR_WINDOW_HOURS: z.coerce.number().min(1).max(24 * 90).optional(),
  BATON_BOT_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).optional(),
  BATON_AUTH_FAILURES_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).optional(),
  BATON_AGENT_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).optional(),
  BATON_AGENT_EVENT_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).optional(),
});

const env = process.env;
const dataDir = resolve(env.BATON_DATA_DIR ?? join('.baton-data', 'hub'));

function die(message: string): never {
  console.error(message);
  process.exit(1);
}

async function openStore(): Promise<HubStore> {
  return (await openHubStore({ databaseUrl: env.BATON_DATABASE_URL, dataDir })).store;
}

async function serve(): Promise<void> {
  const port = Number(env.BATON_HUB_PORT ?? 7300);
  if (!Number.isInteger(port) || port < 0 || port > 65535) die(`BATON_HUB_PORT must be a port number (0-65535), not "${env.BATON_HUB_PORT}".`);
  let botKeys = (env.BATON_BOT_KEYS ?? '').split(',').map((k) => k.trim()).filter(Boolean);
  if (!botKeys.length) {
    const key = `bot_${randomBytes(24).toString('base64url')}`;
    botKeys = [key];
    console.warn(`WARNING: BATON_BOT_KEYS is not set. Generated a bot key for this run only (it is not saved):\n  ${key}\nSet BATON_BOT_KEYS to keep a key across restarts.`);
  }
  /** Where the hub keeps its state, for the start-up line: never a password. */
  function whereStateLives(e: NodeJS.ProcessEnv, dir: string): string {
    if (!e.BATON_DATABASE_URL) return `data in ${dir}`;
    // A malformed URL is refused by the store with its own message before this line is reached.
    const parsed = (url: string): URL | undefined => (URL.canParse(url) ? new URL(url) : undefined);
    const pg = parsed(e.BATON_DATABASE_URL);
    const db = pg ? `PostgreSQL database ${decodeURIComponent(pg.pathname.slice(1)) || '(default)'} on ${pg.hostname}:${pg.port || '5432'}` : 'PostgreSQL';
    if (!e.BATON_REDIS_URL) return `state in ${db}`;
    const redis = parsed(e.BATON_REDIS_URL);
    return `state in ${db}; events and presence through ${redis ? `Redis on ${redis.hostname}:${redis.port || '6379'}` : 'Redis'}`;
  }
  const routing = parseWith(
    routingEnvSchema,
    {
      BATON_OFFER_TIMEOUT_SECONDS: env.BATON_OFFER_TIMEOUT_SECONDS || undefined,
      BATON_RECONNECT_GRACE_SECONDS: env.BATON_RECONNECT_GRACE_SECONDS || undefined,
      BATON_REOFFER_SECONDS: env.BATON_REOFFER_SECONDS || undefined,
      BATON_RETELL_SECONDS: env.BATON_RETELL_SECONDS || undefined,
      BATON_PRIORITY_ORDER: list(env.BATON_PRIORITY_ORDER),
      BATON_VIP_TIERS: list(env.BATON_VIP_TIERS),
      BATON_FCR_WINDOW_HOURS: env.BATON_FCR_WINDOW_HOURS || undefined,
      BATON_BOT_RATE_PER_MINUTE: env.BATON_BOT_RATE_PER_MINUTE || undefined,
      BATON_AUTH_FAILURES_PER_MINUTE: env.BATON_AUTH_FAILURES_PER_MINUTE || undefined,
      BATON_AGENT_RATE_PER_MINUTE: env.BATON_AGENT_RATE_PER_MINUTE || undefined,
      BATON_AGENT_EVENT_RATE_PER_MINUTE: env.BATON_AGENT_EVENT_RATE_PER_MINUTE || undefined,
    },
    'The hub environment',
  );
  if (!routing.ok) die(`${routing.error.message}\nFix these variables (see npm run hub -- --help) and start again.`);
  const r = routing.value;
  const hub = await startHub({
    port,
    host: env.BATON_HUB_HOST ?? '127.0.0.1',
    dataDir,
    ...(env.BATON_DATABASE_URL ? { databaseUrl: env.BATON_DATABASE_URL } : {}),
    ...(env.BATON_HUB_ADVERTISE ? { advertise: env.BATON_HUB_ADVERTISE } : {}),
    ...(env.BATON_REDIS_URL ? { redisUrl: env.BATON_REDIS_URL } : {}),
    ...(env.BATON_REDIS_PREFIX ? { redisPrefix: env.BATON_REDIS_PREFIX } : {}),
    onRouting: () => console.log('Baton Hub routes hand-offs for the cluster now (it holds the routing lease); the other nodes send it their routing requests.'),
    onStandby: () => console.log(`Baton Hub standing by on port ${port}: another hub process routes on this database; this one forwards to it and takes over when it stops.`),
    onLeaseLost: () => {
      console.error('Baton Hub lost its routing lease (the database connection broke) and stopped; start it again.');
      process.exit(1);
    },
    botKeys,
    ...(list(env.BATON_ALLOWED_ORIGINS) ? { allowedOrigins: list(env.BATON_ALLOWED_ORIGINS) } : {}),
    ...(list(env.BATON_CALLBACK_ALLOW) ? { callbackAllow: list(env.BATON_CALLBACK_ALLOW) } : {}),
    ...(r.BATON_OFFER_TIMEOUT_SECONDS !== undefined ? { offerTimeoutMs: r.BATON_OFFER_TIMEOUT_SECONDS * 1000 } : {}),
    ...(r.BATON_RECONNECT_GRACE_SECONDS !== undefined ? { reconnectGraceMs: r.BATON_RECONNECT_GRACE_SECONDS * 1000 } : {}),
    ...(r.BATON_REOFFER_SECONDS !== undefined ? { reofferAfterMs: r.BATON_REOFFER_SECONDS * 1000 } : {}),
    ...(r.BATON_RETELL_SECONDS !== undefined ? { retellMs: r.BATON_RETELL_SECONDS * 1000 } : {}),
    ...(r.BATON_PRIORITY_ORDER ? { priorityOrder: r.BATON_PRIORITY_ORDER } : {}),
    ...(r.BATON_VIP_TIERS ? { vipTiers: r.BATON_VIP_TIERS } : {}),
    ...(r.BATON_FCR_WINDOW_HOURS !== undefined ? { fcrWindowMs: r.BATON_FCR_WINDOW_HOURS * 3_600_000 } : {}),
    ...(r.BATON_BOT_RATE_PER_MINUTE !== undefined ? { botRatePerMinute: r.BATON_BOT_RATE_PER_MINUTE } : {}),
    rateLimits: {
      ...(r.BATON_AUTH_FAILURES_PER_MINUTE !== undefined ? { authFailuresPerMinute: r.BATON_AUTH_FAILURES_PER_MINUTE } : {}),
      ...(r.BATON_AGENT_RATE_PER_MINUTE !== undefined ? { agentHttpPerMinute: r.BATON_AGENT_RATE_PER_MINUTE } : {}),
      ...(r.BATON_AGENT_EVENT_RATE_PER_MINUTE !== undefined ? { agentEventsPerMinute: r.BATON_AGENT_EVENT_RATE_PER_MINUTE } : {}),
    },
  });
  console.log(`Baton Hub listening on ${hub.url} (${whereStateLives(env, dataDir)})`);
  if (env.BATON_DATABASE_URL && env.BATON_REDIS_URL) {
    console.log('Side by side: this node serves bots and desks itself; the node that holds the routing lease makes the routing decisions.');
  }
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    hub.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

async function agents(args: string[]): Promise<void> {
  const [sub, ...rest] = args;
  if (sub === 'list') {
    const store = await openStore();
    const list = await store.listAgents();
    await store.close();
    if (!list.length) console.log('No agents yet. Add one with: npm run hub -- agents add --name "Maya Chen"');
    for (const a of list) console.log(`${a.id}\t${a.role}\t${a.name}\tskills=${a.skills.join(',')}\tcapacity=${a.capacity}\t${a.status}${a.tokenExpiresAt ? `\ttoken expires ${a.tokenExpiresAt}` : ''}`);
    return;
  }
  if (sub !== 'add') die(`Unknown command "agents ${sub ?? ''}". Use "agents add" or "agents list" (see --help).`);
  const { values } = parseArgs({
    args: rest,
    options: { name: { type: 'string' }, role: { type: 'string', default: 'agent' }, skills: { type: 'string' }, capacity: { type: 'string' }, id: { type: 'string' }, expires: { type: 'string' } },
    strict: true,
  });
  if (!values.name?.trim()) die('Give the agent a name: agents add --name "Maya Chen".');
  const role = roleSchema.safeParse(values.role);
  if (!role.success) die(`--role must be agent or supervisor, not "${values.role}".`);
  const capacity = values.capacity === undefined ? undefined : Number(values.capacity);
  if (capacity !== undefined && (!Number.isInteger(capacity) || capacity < 0 || capacity > 100)) die('--capacity must be a whole number from 0 to 100.');
  const skills = values.skills?.split(',').map((s) => s.trim()).filter(Boolean);
  const expiresInMs = values.expires === undefined ? undefined : parseExpiry(values.expires);
  if (values.expires !== undefined && expiresInMs === undefined) die(`--expires takes a duration such as 90d, 12h or 30m, not "${values.expires}".`);
  const expiresAt = expiresInMs === undefined ? undefined : new Date(Date.now() + expiresInMs).toISOString();
  const store = await openStore();
  const issued = await issueToken(store, {
    name: values.name.trim(),
    role: role.data,
    ...(values.id ? { id: values.id } : {}),
    ...(skills ? { skills } : {}),
    ...(capacity !== undefined ? { capacity } : {}),
    ...(expiresAt ? { expiresAt } : {}),
  });
  await store.close();
  const until = expiresAt ? `, expires ${expiresAt}` : '';
  console.log(`Agent ${issued.agentId} (${role.data}${until}). Token — shown once, store it now:\n${issued.token}`);
}

async function bots(args: string[]): Promise<void> {
  const [sub, ...rest] = args;
  const store = await openStore();
  try {
    if (sub === 'list') {
      const list = await store.listBots();
      if (!list.length) console.log('No bots yet (keys in BATON_BOT_KEYS are bots of their own). Add one with: npm run hub -- bots add --name web-widget');
      for (const b of list) {
        const keys = b.keys.map((k) => `${k.keyId}${k.revokedAt ? ` (revoked ${k.revokedAt})` : ''}`).join(', ');
        console.log(`${b.id}\t${b.name}\tkeys: ${keys}`);
      }
      return;
    }
    const { values } = parseArgs({ args: rest, options: { name: { type: 'string' }, key: { type: 'string' } }, strict: true });
    const name = values.name?.trim();
    if (!name) die(`Give the bot a name: bots ${sub ?? 'add'} --name web-widget.`);
    if (sub === 'add' || sub === 'rotate') {
      const exists = (await store.listBots()).some((b) => b.id === botIdForName(name));
      if (sub === 'add' && exists) die(`A bot named "${name}" exists; use "bots rotate --name ${name}" for another key.`);
      if (sub === 'rotate' && !exists) die(`No bot named "${name}"; create it with "bots add --name ${name}".`);
      const issued = await issueBotKey(store, name);
      console.log(`Bot ${issued.botId}, key id ${issued.keyId}. Key — shown once, store it now:\n${issued.key}`);
      return;
    }
    if (sub === 'revoke') {
      const n = await store.revokeBotKeys(botIdForName(name), new Date().toISOString(), values.key);
      if (!n) die(`No active key${values.key ? ` ${values.key}` : ''} for bot "${name}" (see bots list).`);
      console.log(`Revoked ${n} key${n === 1 ? '' : 's'} of bot ${botIdForName(name)}.`);
      return;
    }
    die(`Unknown command "bots ${sub ?? ''}". Use bots add, rotate, revoke or list (see --help).`);
  } finally {
    await store.close();
  }
}

async function kb(args: string[]): Promise<void> {
  const [sub, file] = args;
  if (sub !== 'import' || !file) die('Usage: npm run hub -- kb import FILE.json');
  const read = readKbFile(resolve(file));
  if (!read.ok) {
    console.error(read.error.message);
    process.exit(1);
  }
  const store = await openStore();
  const changed = await importKbArticles(store, read.value);
  await store.close();
  console.log(`Imported ${read.value.length} articles from ${file} (${changed} new or changed).`);
}

async function main(argv: string[]): Promise<void> {
  const [cmd, ...rest] = argv;
  if (cmd === '--help' || cmd === '-h' || cmd === 'help') return void console.log(HELP);
  if (cmd === undefined || cmd === 'serve') return serve();
  if (cmd === 'agents') return agents(rest);
  if (cmd === 'bots') return bots(rest);
  if (cmd === 'kb') return kb(rest);
  die(`Unknown command "${cmd}".\n\n${HELP}`);
}

main(process.argv.slice(2)).catch((e: unknown) => die(e instanceof Error ? e.message : String(e)));
