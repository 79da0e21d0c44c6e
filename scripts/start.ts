// `npm start`: the whole warm hand-off on one machine. Starts the hub (SQLite in BATON_DATA_DIR), the demo bot
// with its customer chat page, seeds demo hand-offs, and opens the desk: in Electron when its binary is
// installed and a display is available, otherwise the browser host at a printed local address.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { startDemoServer } from '../src/demo/demo-server';
import { demoAgentTokens } from '../src/demo/demo-tokens';
import { startHub } from '../src/hub/server';
import { startWebHost } from '../src/main/web/web-host';
import { handoffRequestSchema, type HandoffRequest } from '../src/shared/domain/handoff';
import { createLogger } from '../src/shared/log';

interface DemoSeed {
  agents: { id: string; name: string; role: 'agent' | 'supervisor'; skills: string[]; capacity: number }[];
  handoffs?: unknown[];
  customers?: { id: string; name: string; email?: string; tier?: string; crm?: HandoffRequest['crm'] }[];
}

const root = resolve(import.meta.dirname, '..');
const env = process.env;
const dataDir = resolve(env.BATON_DATA_DIR ?? join(root, '.baton-data'));
const hubPort = Number(env.BATON_HUB_PORT ?? 7300);
const deskPort = Number(env.BATON_DESK_PORT ?? 7310);
const demoPort = Number(env.BATON_DEMO_PORT ?? 7320);
const host = env.BATON_HUB_HOST ?? '127.0.0.1';
const botKey = env.BATON_BOT_KEYS?.split(',')[0]?.trim() || 'demo-bot-key';
// The demo has one desk, so an offer nobody accepts has nobody else to go to: it gets ten minutes (not the hub's
// 30 s) and comes straight back, so the seeded offers stay put in the inbox while a newcomer looks around.
const offerTimeoutSeconds = Number(env.BATON_OFFER_TIMEOUT_SECONDS || 600);
const reofferSeconds = Number(env.BATON_REOFFER_SECONDS || 1);

function loadSeed(): DemoSeed {
  const file = join(root, 'resources/seed/demo.json');
  return JSON.parse(readFileSync(file, 'utf8')) as DemoSeed;
}

function electronBinary(): string | undefined {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown;
    return typeof path === 'string' && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  mkdirSync(dataDir, { recursive: true });
  // Structured logs go to a file so the console keeps the few lines a newcomer needs.
  const logFile = join(dataDir, 'baton.log');
  const logStream = createWriteStream(logFile, { flags: 'a' });
  const logger = createLogger('baton', { write: (line) => logStream.write(`${line}\n`) });
  const seed = loadSeed();
  const hub = await startHub({
    port: hubPort,
    host,
    dataDir: join(dataDir, 'hub'),
    botKeys: [botKey],
    seedKbFile: join(root, 'resources/seed/kb.json'),
    logger: logger.child('hub'),
    ...(Number.isFinite(offerTimeoutSeconds) && offerTimeoutSeconds >= 1 ? { offerTimeoutMs: offerTimeoutSeconds * 1000 } : {}),
    ...(Number.isFinite(reofferSeconds) && reofferSeconds >= 0 ? { reofferAfterMs: reofferSeconds * 1000 } : {}),
  });
  console.log(`Baton Hub        ${hub.url}  (bot key: ${botKey === 'demo-bot-key' ? 'demo-bot-key' : 'from BATON_BOT_KEYS'})`);

  // Kept in the data directory: the same tokens every start, so one pasted in Settings keeps working.
  const tokenFile = join(dataDir, 'demo-tokens.json');
  const issued = await demoAgentTokens(hub, seed.agents.map((a) => ({ id: a.id, name: a.name, role: a.role, skills: a.skills, capacity: a.capacity })), tokenFile);
  const tokens = seed.agents.map((a) => ({ ...a, token: issued.get(a.id)?.token ?? '' }));
  const me = tokens.find((t) => t.role === 'agent') ?? tokens[0];
  if (!me) throw new Error('resources/seed/demo.json lists no agents.');

  // Seed a few hand-offs so the desk has a story to show at once (idempotent on conversationId).
  for (const raw of seed.handoffs ?? []) {
    const parsed = handoffRequestSchema.safeParse(raw);
    if (!parsed.success) continue;
    await fetch(`${hub.url}/v1/handoffs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${botKey}` },
      body: JSON.stringify(parsed.data),
    });
  }

  // Customers with no seeded hand-off come first in the chat page, so the conversation a newcomer starts there is
  // easy to tell apart from the seeded ones in the desk.
  const seeded = new Set((seed.handoffs ?? []).map((h) => (h as { customer?: { id?: string } }).customer?.id));
  const customers = (seed.customers ?? [])
    .map((c) => ({ id: c.id, name: c.name, email: c.email, tier: c.tier, crm: c.crm }))
    .sort((a, b) => Number(seeded.has(a.id)) - Number(seeded.has(b.id)));
  const demo = await startDemoServer({ hubUrl: hub.url, botKey, customers, port: demoPort, host, logger: logger.child('demo') });
  console.log(`Customer chat    ${demo.url}  (play the customer; the demo bot hands off to the desk)`);
  console.log(`Customer widget  ${hub.url}/widget.js  (the script the chat page opens after a hand-off; see the README)`);

  const deskEnv = { ...env, BATON_HUB_URL: hub.url, BATON_AGENT_TOKEN: env.BATON_AGENT_TOKEN ?? me.token };
  const supervisor = tokens.find((t) => t.role === 'supervisor');
  const mine = env.BATON_AGENT_TOKEN ? undefined : me;
  if (mine) console.log(`Agent token      ${mine.token}  (${mine.name}; the desk signs in with it; export AGENT_TOKEN=<it> for the README's curl examples)`);
  if (supervisor) console.log(`Supervisor token ${supervisor.token}  (${supervisor.name}; paste it in the desk's Settings to see the supervisor console)`);
  console.log(`Tokens           kept in ${tokenFile}: the same on every start`);

  let electron: ChildProcess | undefined;
  let web: Awaited<ReturnType<typeof startWebHost>> | undefined;
  const binary = electronBinary();
  const hasDisplay = process.platform !== 'linux' || Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
  const browserForced = env.BATON_DESK === 'browser';
  if (binary && hasDisplay && !browserForced) {
    electron = spawn(binary, [root], { stdio: 'inherit', env: { ...deskEnv, BATON_DATA_DIR: join(dataDir, 'desk') } });
    console.log(`Baton Desk       opening in Electron as ${me.name}`);
    electron.on('exit', () => void shutdown());
  } else {
    web = await startWebHost({ port: deskPort, host, rendererDir: join(root, 'out/renderer'), dataDir: join(dataDir, 'desk'), env: deskEnv, logger: logger.child('desk') });
    const why = !binary ? 'Electron binary not installed' : browserForced ? 'BATON_DESK=browser' : 'no display for Electron';
    console.log(`Baton Desk       ${web.url}  (browser host: ${why}; signed in as ${me.name})`);
  }
  console.log(`Logs             ${logFile}`);
  console.log('\nPress Ctrl+C to stop everything.');

  let stopping = false;
  async function shutdown(): Promise<void> {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping Baton…');
    electron?.kill();
    await Promise.allSettled([web?.close(), demo.close()]);
    await hub.close();
    process.exit(0);
  }
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
}

main().catch((e: unknown) => {
  const err = e as NodeJS.ErrnoException;
  if (err.code === 'EADDRINUSE') {
    console.error(`A port Baton needs is taken (${err.message}). Stop the other program or set BATON_HUB_PORT / BATON_DESK_PORT / BATON_DEMO_PORT.`);
  } else {
    console.error(`Baton could not start: ${err.message}`);
  }
  process.exit(1);
});
