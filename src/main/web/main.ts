// `tsx src/main/web/main.ts`: runs Baton Desk in the browser host from the environment and prints the address
// to open. BATON_DESK_PORT (default 7310), BATON_DESK_HOST (default 127.0.0.1), BATON_DATA_DIR (the desk keeps
// its cache in <dir>/desk), plus the desk's own BATON_HUB_URL, BATON_AGENT_TOKEN, OPENAI_* and BATON_MODEL.
import { join, resolve } from 'node:path';
import { createLogger, logLevelFrom } from '../../shared/log';
import { startWebHost } from './web-host';

const root = resolve(import.meta.dirname, '../../..');
const env = process.env;
// Quiet by default: the address is printed, not connection chatter. BATON_LOG_LEVEL=info|debug for more.
const logger = createLogger('desk-web', { level: logLevelFrom(env.BATON_LOG_LEVEL, 'warn') });

async function main(): Promise<void> {
  const web = await startWebHost({
    port: Number(env.BATON_DESK_PORT ?? 7310),
    host: env.BATON_DESK_HOST ?? '127.0.0.1',
    rendererDir: join(root, 'out/renderer'),
    dataDir: resolve(env.BATON_DATA_DIR ?? join(root, '.baton-data'), 'desk'),
    seedKbFile: join(root, 'resources/seed/kb.json'),
    env,
    logger,
  });
  console.log(`Baton Desk (browser host): open ${web.url}`);
  console.log('Press Ctrl+C to stop.');
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await web.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((e: unknown) => {
  const err = e as NodeJS.ErrnoException;
  console.error(
    err.code === 'EADDRINUSE'
      ? `Port ${env.BATON_DESK_PORT ?? 7310} is taken: stop the other program or set BATON_DESK_PORT.`
      : `Baton Desk could not start: ${err.message}`,
  );
  process.exit(1);
});
