// What a standby hub process does with its port while another holds the routing lease: it accepts every
// connection (bot HTTP, desk WebSocket, long-polls, SSE) and pipes it, byte for byte, to the lease holder's
// address (hub_lease, written by the holder). So any node accepts any request and a load balancer needs no health
// checks. When the holder dies its piped connections drop, their clients retry, and the node that takes the lease
// over stops forwarding and serves on the same port.
import { connect, createServer, type Socket } from 'node:net';
import type { Logger } from '../../shared/log';

export interface Forwarder {
  /** Stops accepting and drops every piped connection (they point at a holder that is gone or going). */
  close(): Promise<void>;
}

export interface ForwarderOptions {
  host: string;
  port: number;
  /** This process's own address, never forwarded to (a stale row from an earlier run of it). */
  self: string;
  /** Where the lease holder listens (`host:port`), as the database says now. */
  holder: () => Promise<string | undefined>;
  logger?: Logger;
}

export async function startForwarder(opts: ForwarderOptions): Promise<Forwarder> {
  const open = new Set<Socket>();
  let cached: { at: number; address: string | undefined } | undefined;
  const holder = async (): Promise<string | undefined> => {
    if (!cached || Date.now() - cached.at > 500) cached = { at: Date.now(), address: await opts.holder().catch(() => undefined) };
    return cached.address;
  };
  const server = createServer((client) => {
    open.add(client);
    client.once('close', () => open.delete(client));
    client.on('error', () => client.destroy());
    client.pause();
    void holder().then((address) => {
      const m = address && address !== opts.self ? /^(.+):(\d+)$/.exec(address) : null;
      if (!m) return void client.destroy();
      const upstream = connect(Number(m[2]), m[1]!.replace(/^\[|\]$/g, ''));
      open.add(upstream);
      upstream.once('close', () => {
        open.delete(upstream);
        client.destroy();
      });
      upstream.on('error', () => upstream.destroy());
      client.once('close', () => upstream.destroy());
      upstream.once('connect', () => {
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
      });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  opts.logger?.info('hub.forwarding', { port: opts.port });
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of open) s.destroy();
      }),
  };
}
