// The browser host: serves the built renderer on loopback and carries the same DeskApi over a WebSocket, so the
// React app runs in any Chromium without Electron. The page learns a per-launch secret from the URL fragment
// (never sent to the server in requests) and presents it when it opens the socket.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { z } from 'zod';
import type { DeskEventSink } from '../../shared/desk-api/contract';
import { DESK_API_PROTOCOL, dispatchDeskCall, type DeskWireFrame } from '../../shared/desk-api/proxy';
import { createLogger, logLevelFrom, type Logger } from '../../shared/log';
import { defaultAssistFactory } from '../services/desk/assist-wiring';
import { createDeskService, type DeskServiceOptions, type DeskService } from '../services/desk/desk-service';
import { createFileSecretStore } from '../services/desk/secret-store';
import { allowedHostHeaders, checkDeskSecretRequest, checkDeskUpgrade } from './desk-socket-auth';
import { securityHeaders, serveStatic } from './static-files';

export interface WebHostOptions {
  port?: number;
  host?: string;
  rendererDir: string;
  dataDir: string;
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  seedKbFile?: string;
  assist?: DeskServiceOptions['assist'];
  link?: DeskServiceOptions['link'];
}

export interface WebHost {
  url: string;
  port: number;
  secret: string;
  desk: DeskService;
  close(): Promise<void>;
}

const callFrameSchema = z.object({
  kind: z.literal('call'),
  id: z.number().int().nonnegative(),
  method: z.string().max(100),
  input: z.unknown(),
});

const MAX_FRAME_BYTES = 1_000_000;

export async function startWebHost(opts: WebHostOptions): Promise<WebHost> {
  const env = opts.env ?? process.env;
  // Quiet by default: `npm start` prints addresses, not connection chatter. BATON_LOG_LEVEL=info|debug for more.
  const baseLogger = opts.logger ?? createLogger('desk', { level: logLevelFrom(env.BATON_LOG_LEVEL, 'warn') });
  const logger = baseLogger.child('web');
  const host = opts.host ?? '127.0.0.1';
  const secret = randomBytes(24).toString('base64url');
  const clients = new Set<WebSocket>();

  const events: DeskEventSink = (event, payload) => {
    if (clients.size === 0) return;
    const frame = JSON.stringify({ kind: 'event', event, payload } satisfies DeskWireFrame);
    for (const ws of clients) if (ws.readyState === ws.OPEN) ws.send(frame);
  };

  const desk = createDeskService({
    dataDir: opts.dataDir,
    host: 'browser',
    events,
    secrets: createFileSecretStore(opts.dataDir),
    env,
    logger: baseLogger,
    ...(opts.seedKbFile ? { seedKbFile: opts.seedKbFile } : {}),
    assist: opts.assist ?? defaultAssistFactory,
    ...(opts.link ? { link: opts.link } : {}),
  });

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_FRAME_BYTES,
    handleProtocols: (protocols) => (protocols.has(DESK_API_PROTOCOL) ? DESK_API_PROTOCOL : false),
  });

  let port = 0;
  const server = createServer((req, res) => {
    const hostHeader = String(req.headers.host ?? '');
    // DNS rebinding: a foreign name resolving to 127.0.0.1 must not read the app either.
    if (!allowedHostHeaders(host, port).includes(hostHeader)) {
      securityHeaders(res);
      res.writeHead(421, { 'content-type': 'text/plain; charset=utf-8' }).end('Open the desk at the address it printed.');
      return;
    }
    const check = checkDeskSecretRequest(req, { secret, host, port });
    if (check.handled) {
      securityHeaders(res);
      res.writeHead(check.status, { 'cache-control': 'no-store', 'content-length': '0' }).end();
      return;
    }
    serveStatic(opts.rendererDir, req, res);
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const verdict = checkDeskUpgrade(req, { secret, host, port });
    if (!verdict.ok) {
      logger.warn('web.socket_refused', { reason: verdict.reason });
      socket.end(`HTTP/1.1 ${verdict.status} ${verdict.status === 401 ? 'Unauthorized' : 'Forbidden'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      clients.add(ws);
      ws.on('close', () => clients.delete(ws));
      // A page that (re)connects learns the link state at once instead of waiting for the next change.
      // Run inside the promise chain: a throw (e.g. the desk is shutting down and its cache is closed) must not
      // escape this callback and take the whole host down.
      void Promise.resolve()
        .then(() => desk.handlers.getSnapshot({}))
        .then((r) => {
          if (r.ok && ws.readyState === ws.OPEN) ws.send(JSON.stringify({ kind: 'event', event: 'onLinkState', payload: r.value.link } satisfies DeskWireFrame));
        })
        .catch((e: unknown) => logger.warn('web.snapshot_failed', { error: e instanceof Error ? e.name : 'unknown' }));
      ws.on('message', (data, isBinary) => {
        if (isBinary) return ws.close(1003, 'Text frames only.');
        let frame: z.infer<typeof callFrameSchema>;
        try {
          const parsed = callFrameSchema.safeParse(JSON.parse(data.toString()));
          if (!parsed.success) return ws.close(1008, 'Not a DeskApi call frame.');
          frame = parsed.data;
        } catch {
          return ws.close(1007, 'Frames are JSON.');
        }
        void dispatchDeskCall(desk.handlers, frame.method, frame.input).then((result) => {
          if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ kind: 'result', id: frame.id, result } satisfies DeskWireFrame));
        });
      });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 7310, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  await desk.start();
  const shownHost = host.includes(':') ? `[${host}]` : host;
  const url = `http://${shownHost}:${port}/#k=${secret}`;
  logger.info('web.listening', { port });

  let closed = false;
  return {
    url,
    port,
    secret,
    desk,
    async close() {
      if (closed) return;
      closed = true;
      for (const ws of clients) ws.terminate();
      wss.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await desk.stop();
    },
  };
}
