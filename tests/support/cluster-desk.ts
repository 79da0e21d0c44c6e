// A desk for the cluster tests: connects to any node that answers, applies each event once (by seq), accepts every
// offer (again while the routing node is unreachable), and reconnects elsewhere with its lastSeq when its node goes.
import { io, type Socket } from 'socket.io-client';
import type { AgentEvent } from '../../src/shared/protocol/agent-socket';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A desk: connects to any node that answers, applies each event once (by seq), accepts every offer, and reconnects elsewhere with its lastSeq when its node goes. */
export class ClusterDesk {
  applied: AgentEvent[] = [];
  lastSeq = 0;
  received = 0;
  reconnects = 0;
  acceptRetries = 0;
  /** Events that came after a gap (a seq skipped): none may. */
  gaps: string[] = [];
  /** The node each connection went through. */
  via: string[] = [];
  socket: Socket | undefined;
  private stopped = false;
  constructor(
    readonly id: string,
    private readonly token: string,
    private readonly urls: string[],
    private next: number,
  ) {}

  async connect(): Promise<void> {
    for (let attempt = 0; !this.stopped; attempt++) {
      const url = this.urls[this.next++ % this.urls.length]!;
      const socket = io(`${url}/agent`, { auth: { token: this.token, lastSeq: this.lastSeq }, transports: ['websocket'], reconnection: false, forceNew: true, timeout: 2_000 });
      // Listening before the hello: the replay follows it at once, possibly in the same read from the wire.
      socket.on('event', (e: AgentEvent) => this.apply(socket, e));
      const ok = await new Promise<boolean>((res) => {
        socket.once('hello', () => res(true));
        socket.once('connect_error', () => res(false));
      });
      if (!ok) {
        socket.close();
        await sleep(attempt < this.urls.length ? 0 : 100);
        continue;
      }
      this.socket = socket;
      this.via.push(url);
      socket.once('disconnect', () => {
        if (this.stopped) return;
        this.reconnects++;
        void this.connect();
      });
      return;
    }
  }

  private apply(socket: Socket, e: AgentEvent): void {
    this.received++;
    if (e.seq <= this.lastSeq) return; // already applied (the protocol lets a desk drop these)
    if (e.seq !== this.lastSeq + 1) this.gaps.push(`${this.id}: seq ${e.seq} after ${this.lastSeq}`);
    this.lastSeq = e.seq;
    this.applied.push(e);
    if (e.type === 'offer') this.accept(socket, e.conversation.handoffId);
  }

  /** Accepts, and tries again while the routing node is unreachable (it died and another is taking over). */
  private accept(socket: Socket, handoffId: string): void {
    socket.emit('offer.accept', { handoffId }, (r: { ok: boolean; error?: { code: string } }) => {
      if (!r.ok && r.error?.code === 'unavailable' && socket.connected) {
        this.acceptRetries++;
        setTimeout(() => this.accept(socket, handoffId), 100);
      }
    });
  }

  stop(): void {
    this.stopped = true;
    this.socket?.close();
  }
}
