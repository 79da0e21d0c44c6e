// The `/agent` socket.io namespace (src/shared/protocol/agent-socket.ts): token auth, hello + replay of every
// persisted event after the desk's lastSeq (paged; a fresh desk gets the current state instead), then live
// events; every desk request validated, role-checked and answered with a Result through its acknowledgement.
import type { Namespace, Server, Socket } from 'socket.io';
import type { z } from 'zod';
import {
  acceptOfferSchema,
  AGENT_NAMESPACE,
  declineOfferSchema,
  handBackSchema,
  reassignSchema,
  resolveSchema,
  sendMessageSchema,
  setStatusSchema,
  suggestionFeedbackSchema,
  transferSchema,
  typingSchema,
  type AgentEvent,
} from '../../shared/protocol/agent-socket';
import { fail, type Result } from '../../shared/result';
import { parseWith } from '../../shared/validation';
import type { Logger } from '../../shared/log';
import type { AgentRecord, HubStore } from '../store/hub-store';
import type { HandoffRouter } from '../routing/handoff-router';
import { checkAgentToken, expiredTokenMessage, hashToken, tokenExpired } from '../auth/agent-tokens';
import type { AgentProfile } from '../../shared/domain/conversation';
import { clientAddress, type HubRateLimiters } from '../http/rate-limit';
import { RouterUnavailableError } from '../routing/router-unavailable';

interface SocketData {
  agentId: string;
  /** The hash of the token this socket signed in with; each request checks it is still the agent's token. */
  tokenHash: string;
}

const SUPERVISORS = 'supervisors';

const profileOf = (a: AgentRecord): AgentProfile => ({ id: a.id, name: a.name, role: a.role, skills: a.skills, capacity: a.capacity, status: a.status });

export interface AgentNamespace {
  deliver(agentId: string, event: AgentEvent): void;
  /** Ends every session of this agent (their token was re-issued: the old one must stop working at once). */
  disconnectAgent(agentId: string): void;
  queuesChanged(): void;
  /**
   * Sends every live socket what the store holds past what it was sent. Cluster mode runs it now and then: an
   * event whose cross-node hint was lost (its node died between commit and publish) still reaches the desk.
   */
  catchUp(): void;
  close(): void;
}

export function attachAgentNamespace(
  io: Server,
  deps: {
    store: HubStore;
    router: HandoffRouter;
    logger: Logger;
    limits: HubRateLimiters;
    /** Supervisors get queue snapshots at most this often (200 ms). */
    queuePushMs?: number;
    /** Agents get them at most this often unless the set of queues changes (5 s). */
    agentQueuePushMs?: number;
    replayPageSize?: number;
    /** Relays an agent's typing to the customer's stream (conversation-stream.ts). */
    typing?: (conversationId: string, signal: { typing: boolean; agentName: string }) => void;
  },
): AgentNamespace {
  const { store, router, logger: log, limits } = deps;
  const replayPageSize = deps.replayPageSize ?? 500;
  const nsp: Namespace = io.of(AGENT_NAMESPACE);

  // Live delivery, per socket, in seq order and exactly once: each socket knows the last seq it was sent, events
  // go out through one chain per socket, and an event that would leave a gap (it was committed while the socket
  // was catching up, or another operation's delivery overtook it) first sends what is missing, read from the
  // store. Every seq below a committed one is committed too (seqs are handed out under a row lock in commit
  // order), so the read always finds them.
  interface Live {
    socket: Socket;
    sentUpTo: number;
    chain: Promise<void>;
  }
  const live = new Map<string, Set<Live>>();
  const sendAfter = async (agentId: string, l: Live, until: number): Promise<void> => {
    while (l.sentUpTo < until && !l.socket.disconnected) {
      const page = await store.agentEventsAfter(agentId, l.sentUpTo, replayPageSize);
      for (const e of page) {
        if (e.seq <= l.sentUpTo) continue;
        l.socket.emit('event', e);
        l.sentUpTo = e.seq;
      }
      if (page.length < replayPageSize) return;
    }
  };
  const push = (agentId: string, l: Live, event?: AgentEvent): void => {
    l.chain = l.chain
      .then(async () => {
        if (l.socket.disconnected) return;
        if (!event) return sendAfter(agentId, l, Number.MAX_SAFE_INTEGER);
        if (event.seq <= l.sentUpTo) return;
        if (event.seq > l.sentUpTo + 1) await sendAfter(agentId, l, event.seq - 1);
        if (event.seq > l.sentUpTo && !l.socket.disconnected) {
          l.socket.emit('event', event);
          l.sentUpTo = event.seq;
        }
      })
      .catch((e: unknown) => {
        log.error('agent.delivery_failed', { agentId, error: e instanceof Error ? e.name : 'unknown' });
        l.socket.disconnect(true);
      });
  };
  /** From now on this socket gets every event after `sentUpTo`, in order: what is stored already, then live ones. */
  const goLive = (agentId: string, socket: Socket, sentUpTo: number): void => {
    const l: Live = { socket, sentUpTo, chain: Promise.resolve() };
    let set = live.get(agentId);
    if (!set) live.set(agentId, (set = new Set()));
    set.add(l);
    socket.once('disconnect', () => {
      set.delete(l);
      if (set.size === 0 && live.get(agentId) === set) live.delete(agentId);
    });
    push(agentId, l);
  };

  nsp.use((socket, next) => {
    const auth = socket.handshake.auth as { token?: unknown };
    // Refused sign-ins count against the address like failed HTTP authentication (one budget for both).
    const address = clientAddress(socket.handshake.address);
    const admit = async (): Promise<Error | undefined> => {
      const guessing = await limits.authFailures.peek(address);
      if (!guessing.ok) return new Error(`rate_limited: too many failed sign-ins from this address; retry after ${guessing.retryAfterSeconds} s.`);
      const check = await checkAgentToken(store, auth?.token);
      if (!check.ok) {
        await limits.authFailures.take(address);
        if (check.expired) return new Error(`unauthorized: ${expiredTokenMessage(check.expired)}`);
        return new Error('unauthorized: the agent token is missing or not valid; ask a hub operator for a new one (npm run hub -- agents add).');
      }
      (socket.data as SocketData).agentId = check.agent.id;
      (socket.data as SocketData).tokenHash = hashToken(String(auth.token));
      return undefined;
    };
    admit().then(
      (refused) => next(refused),
      () => next(new Error('unavailable: the hub could not check the token; try again.')),
    );
  });

  nsp.on('connection', (socket: Socket) => {
    const { agentId, tokenHash } = socket.data as SocketData;
    const rawSeq = (socket.handshake.auth as { lastSeq?: unknown }).lastSeq;
    const lastSeq = typeof rawSeq === 'number' && Number.isInteger(rawSeq) && rawSeq >= 0 ? rawSeq : 0;
    // The agent this socket's token still belongs to: a token re-issued since (by the CLI, in another process)
    // ends the session at its next request.
    const current = async (): Promise<AgentRecord | undefined> => {
      const me = await store.getAgentByTokenHash(tokenHash);
      return me?.id === agentId && !tokenExpired(me) ? me : undefined;
    };

    // Requests are registered at once (the desk may send as soon as it connects); they queue behind the replay
    // in the router's lock like any other operation.
    function handle<S extends z.ZodType, T>(
      event: string,
      schema: S | undefined,
      run: (req: z.output<S>, me: AgentRecord) => Promise<Result<T>>,
      supervisorOnly = false,
    ): void {
      socket.on(event, (req: unknown, ack: unknown) => {
        const reply = (r: Result<unknown>) => {
          if (typeof ack === 'function') (ack as (r: Result<unknown>) => void)(r);
        };
        const work = async (): Promise<Result<unknown>> => {
          // Per token, before any work: a flood is answered without touching the store or the router's lock.
          const decision = await limits.agentEvents.take(tokenHash);
          if (!decision.ok) {
            const error = { code: 'rate_limited', message: `Too many requests from this desk; retry after ${decision.retryAfterSeconds} s.`, retryAfter: decision.retryAfterSeconds };
            if (typeof ack !== 'function') socket.emit('rate_limited', { ...error, event });
            return { ok: false, error };
          }
          const me = await current();
          if (!me) {
            // After the answer (packets keep their order), so the desk learns why before the session ends.
            setImmediate(() => socket.disconnect());
            return fail('unauthorized', 'Your agent token was replaced or expired, or your account removed; sign in with a new token from a hub operator.');
          }
          if (supervisorOnly && me.role !== 'supervisor') return fail('forbidden', 'Only supervisors may do this.');
          if (!schema) return run({} as z.output<S>, me);
          const parsed = parseWith(schema, req, `The ${event} request`);
          if (!parsed.ok) return parsed;
          return run(parsed.value, me);
        };
        work().then(reply, (e: unknown) => {
          // Cluster mode: the routing node did not answer in time; the desk retries.
          if (e instanceof RouterUnavailableError) return reply(fail('unavailable', e.message));
          log.error('agent.request_failed', { agentId, event, error: e instanceof Error ? e.name : 'unknown' });
          reply(fail('internal', 'The hub could not handle this request; try again.'));
        });
      });
    }

    handle('offer.accept', acceptOfferSchema, (r, me) => router.accept(me.id, r.handoffId));
    handle('offer.decline', declineOfferSchema, (r, me) => router.decline(me.id, r.handoffId));
    handle('message.send', sendMessageSchema, (r, me) => router.sendAgentMessage(me.id, r));
    handle('status.set', setStatusSchema, (r, me) => router.setStatus(me.id, r.status));
    handle('conversation.resolve', resolveSchema, (r, me) => router.resolve(me.id, r.handoffId, r.wrapUp));
    handle('conversation.transfer', transferSchema, (r, me) => router.transfer(me.id, r));
    handle('conversation.handback', handBackSchema, (r, me) => router.handBack(me.id, r.handoffId));
    handle('suggestion.feedback', suggestionFeedbackSchema, (r, me) => router.suggestionFeedback(me.id, r));
    handle('conversation.typing', typingSchema, async (r, me) => {
      const h = await store.getHandoff(r.handoffId);
      // Only the agent in the conversation, while it is theirs: nobody else can make a customer see "typing".
      if (!h || h.agentId !== me.id || h.endedAt) return fail('forbidden', 'This conversation is not yours right now.');
      deps.typing?.(h.conversationId, { typing: r.typing, agentName: me.name });
      return { ok: true, value: null };
    });
    handle('supervisor.queues', undefined, async () => ({ ok: true, value: await router.queues() }), true);
    handle('supervisor.agents', undefined, async () => ({ ok: true, value: await router.presence() }), true);
    handle('supervisor.reassign', reassignSchema, (r) => router.reassign(r.handoffId, r.agentId), true);

    // Connected only once the socket is live (see goLive), so the router counts it.
    let joined = false;
    socket.on('disconnect', () => {
      log.info('agent.disconnected', { agentId });
      if (joined) void router.disconnect(agentId).catch(() => undefined);
    });

    // Sends the stored events after `from`, a page at a time; answers the seq it got to.
    const replayFrom = async (from: number): Promise<number> => {
      let cursor = from;
      for (;;) {
        const page = await store.agentEventsAfter(agentId, cursor, replayPageSize);
        for (const e of page) socket.emit('event', e);
        cursor = page.at(-1)?.seq ?? cursor;
        if (page.length < replayPageSize || socket.disconnected) return cursor;
      }
    };

    const welcome = async (): Promise<void> => {
      const before = await store.getAgent(agentId);
      if (!before || socket.disconnected) {
        socket.disconnect(true);
        return;
      }
      const head = await store.agentHeadSeq(agentId);
      // A fresh desk (lastSeq 0), or one ahead of this hub's log (a new hub database), gets the current state
      // instead of the agent's whole history; the desk follows the hello's headSeq when it is behind its own.
      const fresh = lastSeq === 0 || lastSeq > head;
      let cursor = lastSeq;
      if (!fresh) {
        // Catch up outside the router's lock, so a desk that was away long does not stall routing for everyone.
        socket.emit('hello', { agent: profileOf(before), headSeq: head });
        cursor = await replayFrom(lastSeq);
      }
      // Live from `cursor` on: the chain sends whatever was appended meanwhile before any live event (messages do
      // not take the router's lock, so they may be appended while this desk catches up).
      if (!fresh) goLive(agentId, socket, cursor);
      const agent = await router.withLock(async () => {
        const me = await store.getAgent(agentId);
        if (!me || socket.disconnected) return undefined;
        if (fresh) {
          const headSeq = await store.agentHeadSeq(agentId);
          socket.emit('hello', { agent: profileOf(me), headSeq });
          // The current-state events are delivered through the live chain, after headSeq, in order.
          goLive(agentId, socket, headSeq);
          await router.currentStateEvents(agentId);
        }
        if (me.role === 'supervisor') await socket.join(SUPERVISORS);
        return me;
      });
      if (!agent || socket.disconnected) {
        socket.disconnect(true);
        return;
      }
      log.info('agent.connected', { agentId, lastSeq });
      // No await between the check above and here: a disconnect from now on is counted by the handler.
      joined = true;
      await router.connect(agentId);
      // In cluster mode the routing node may be handing over: the desk then gets the queues with the next push.
      const queues = await router.queues().catch((e: unknown) => {
        if (e instanceof RouterUnavailableError) return undefined;
        throw e;
      });
      if (queues && !socket.disconnected) socket.emit('queues', queues);
    };
    welcome().catch((e: unknown) => {
      log.error('agent.connect_failed', { agentId, error: e instanceof Error ? e.name : 'unknown' });
      socket.disconnect(true);
    });
  });

  // Queue snapshots are coalesced: a burst of changes sends one push, and an unchanged snapshot is not sent again
  // (a desk that connects since gets its own in the welcome). Supervisors watch the queues live, at most every
  // `queuePushMs`; agents' desks use the snapshot for the queues they can transfer to, so everyone gets it at once
  // when the set of queues changes and otherwise at most every `agentQueuePushMs`. (On a floor of a thousand desks,
  // a snapshot five times a second to each of them was most of the hub's work between hand-offs.)
  let pending: ReturnType<typeof setTimeout> | undefined;
  const pushMs = deps.queuePushMs ?? 200;
  const agentPushMs = deps.agentQueuePushMs ?? 5_000;
  let toSupervisors: string | undefined;
  let toEveryone: { text: string; names: string; at: number } | undefined;
  const pushQueues = async (): Promise<void> => {
    const queues = await router.queues();
    const text = JSON.stringify(queues);
    const names = queues.map((q) => q.queue).join('\n');
    const t = Date.now();
    if (text !== toEveryone?.text && (!toEveryone || names !== toEveryone.names || t - toEveryone.at >= agentPushMs)) {
      toEveryone = { text, names, at: t };
      toSupervisors = text;
      nsp.local.emit('queues', queues);
      return;
    }
    if (text !== toSupervisors) {
      toSupervisors = text;
      nsp.local.to(SUPERVISORS).emit('queues', queues);
    }
    // Agents are behind: they get the state of the queues once their interval is up, even if nothing moves meanwhile.
    if (!agentsDue) {
      agentsDue = setTimeout(() => {
        agentsDue = undefined;
        schedule();
      }, Math.max(pushMs, (toEveryone?.at ?? t) + agentPushMs - t));
      agentsDue.unref?.();
    }
  };
  let agentsDue: ReturnType<typeof setTimeout> | undefined;
  const schedule = (): void => {
    if (pending || nsp.sockets.size === 0) return;
    pending = setTimeout(() => {
      pending = undefined;
      pushQueues().catch((e: unknown) => log.error('agent.queues_push_failed', { error: e instanceof Error ? e.name : 'unknown' }));
    }, pushMs);
    pending.unref?.();
  };

  return {
    deliver(agentId, event) {
      for (const l of live.get(agentId) ?? []) push(agentId, l, event);
    },
    disconnectAgent(agentId) {
      // Every socket signed in as this agent, including one still being welcomed (not yet live).
      for (const socket of nsp.sockets.values()) if ((socket.data as SocketData).agentId === agentId) socket.disconnect(true);
    },
    queuesChanged() {
      schedule();
    },
    catchUp() {
      for (const [agentId, set] of live) for (const l of set) push(agentId, l);
    },
    close() {
      if (pending) clearTimeout(pending);
      if (agentsDue) clearTimeout(agentsDue);
      pending = agentsDue = undefined;
    },
  };
}
