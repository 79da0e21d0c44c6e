// The HubStore on PostgreSQL (`BATON_DATABASE_URL=postgres://…`), for several hub processes sharing one
// database. Each contract method is one transaction; the rules that keep concurrent callers (or hub processes)
// from both winning a change are the SQLite store's:
// - claims and status changes are conditional updates (UPDATE … WHERE status = ANY(…) AND offered_to = …), and
//   a change that checks more than its status first locks the hand-off row (SELECT … FOR UPDATE);
// - sequence numbers (per agent, per conversation) come from a row in event_heads bumped in the same
//   transaction as the event: the row lock orders appenders, so seqs are dense and commit in order;
// - a message's number comes from under its hand-off's row lock; a client message id is unique per hand-off and
//   role, so a retry answers the stored message.
// Lock order, everywhere: the hand-off row, then customer heads, then agent heads (deadlocks are retried anyway).
import { timeOrderedId } from './time-ordered-id';
import pg from 'pg';
import type { AgentEvent, AgentEventBody } from '../../shared/protocol/agent-socket';
import type { CustomerEvent, CustomerEventBody } from '../../shared/protocol/customer-events';
import type { Message } from '../../shared/domain/conversation';
import type { HandoffStatus } from '../../shared/domain/handoff';
import type { KbArticle } from '../../shared/domain/assist';
import type { Logger } from '../../shared/log';
import { NewerDatabaseError } from '../../node/sqlite/migrate';
import type { Migration } from './migrations';
import { pgMigrations } from './pg-migrations';
import { handoffColumns, jsonList, num, rowToAgent, rowToHandoff, rowToMessage, rowToQueueTally, rowToSuggestionFeedback, str, toColumnValue, type Row } from './rows';
import type {
  ExpectationUpdate,
  HandoffPatch,
  HandoffRecord,
  HubStore,
  MessageSender,
  NewMessage,
  RecordedMessage,
  Tell,
  Told,
} from './hub-store';

/** Something that runs a query: the pool (autocommit) or a client inside a transaction. */
interface Q {
  query(text: string, values?: unknown[]): Promise<pg.QueryResult<Row>>;
}

/** Advisory-lock keys (pg_advisory_lock takes a bigint); arbitrary but fixed. */
export const MIGRATION_LOCK = 0x6261746f6e01n; // "baton" 01
const KB_LOCK = 0x6261746f6e02n;

export interface PostgresStoreOptions {
  logger?: Logger;
  /** Pool size per process (10). */
  max?: number;
  migrations?: Migration[];
}

/** A PostgreSQL HubStore plus what cluster mode needs besides the contract: the pool itself. */
export interface PostgresHubStore extends HubStore {
  readonly pool: pg.Pool;
}

const redact = (url: string): string => url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');

/**
 * Brings the schema up to date under a session advisory lock, so two hub processes starting together apply each
 * migration once; refuses a database newer than the code, naming both versions. Answers the version it ends at.
 */
export async function migratePostgres(pool: pg.Pool, url: string, list: Migration[] = pgMigrations, logger?: Logger): Promise<number> {
  const latest = list.reduce((max, m) => Math.max(max, m.version), 0);
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK.toString()]);
    try {
      await client.query(
        'CREATE TABLE IF NOT EXISTS baton_schema (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())',
      );
      const found = Number((await client.query('SELECT COALESCE(MAX(version), 0) AS v FROM baton_schema')).rows[0]?.v ?? 0);
      if (found > latest) {
        throw new NewerDatabaseError(
          redact(url),
          found,
          latest,
          `The hub database ${redact(url)} has schema version ${found}, newer than this hub understands (${latest}). ` +
            'Run a newer Baton Hub, or point BATON_DATABASE_URL at another database.',
        );
      }
      for (const m of [...list].sort((a, b) => a.version - b.version)) {
        if (m.version <= found) continue;
        await client.query('BEGIN');
        try {
          await client.query(m.sql);
          await client.query('INSERT INTO baton_schema (version, name) VALUES ($1, $2)', [m.version, m.name]);
          await client.query('COMMIT');
        } catch (e) {
          await client.query('ROLLBACK');
          throw e;
        }
        logger?.info('pg.migrated', { version: m.version });
      }
      return Math.max(found, latest);
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK.toString()]);
    }
  } finally {
    client.release();
  }
}

/** Opens a pool on `url`, migrates, and answers the store. */
export async function createPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<PostgresHubStore> {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10 });
  // An idle client losing its connection (the server restarted) must not crash the process; the pool replaces it.
  pool.on('error', (e) => options.logger?.warn('pg.idle_client_error', { message: e.message }));
  try {
    await migratePostgres(pool, url, options.migrations, options.logger);
  } catch (e) {
    await pool.end();
    throw e;
  }
  return buildPgStore(pool);
}

const RETRYABLE = new Set(['40001', '40P01']); // serialization failure, deadlock detected

function buildPgStore(pool: pg.Pool): PostgresHubStore {
  const tx = async <T>(fn: (q: Q) => Promise<T>): Promise<T> => {
    for (let attempt = 1; ; attempt++) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const out = await fn(client);
        await client.query('COMMIT');
        return out;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        const code = (e as { code?: string }).code;
        if (attempt < 5 && code && RETRYABLE.has(code)) continue;
        throw e;
      } finally {
        client.release();
      }
    }
  };
  const rows = async (q: Q, text: string, values: unknown[] = []): Promise<Row[]> => (await q.query(text, values)).rows;
  const one = async (q: Q, text: string, values: unknown[] = []): Promise<Row | undefined> => (await q.query(text, values)).rows[0];

  const headSeq = async (stream: string): Promise<number> => num((await one(pool, 'SELECT seq FROM event_heads WHERE stream = $1', [stream]))?.seq) ?? 0;

  // Each event takes the next seq of its stream (event_heads orders concurrent writers) and is inserted in one
  // statement: one round trip per event.
  const HEAD = `WITH head AS (INSERT INTO event_heads (stream, seq) VALUES ($1, 1) ON CONFLICT (stream) DO UPDATE SET seq = event_heads.seq + 1 RETURNING seq)`;
  const seqOf = (r: Row | undefined): number => {
    const seq = num(r?.seq);
    if (seq === undefined) throw new Error('An event was stored without a seq');
    return seq;
  };
  const appendAgentEventTx = async (q: Q, agentId: string, body: AgentEventBody, at: string): Promise<AgentEvent> => {
    const r = await one(q, `${HEAD} INSERT INTO agent_events (agent_id, seq, at, body) SELECT $2, head.seq, $3, $4 FROM head RETURNING seq`, [`a:${agentId}`, agentId, at, JSON.stringify(body)]);
    return { ...body, seq: seqOf(r), at } as AgentEvent;
  };
  const appendCustomerEventTx = async (q: Q, conversationId: string, handoffId: string, body: CustomerEventBody, at: string): Promise<CustomerEvent> => {
    const r = await one(q, `${HEAD} INSERT INTO customer_events (conversation_id, seq, handoff_id, type, at, body) SELECT $2, head.seq, $3, $4, $5, $6 FROM head RETURNING seq`, [
      `c:${conversationId}`,
      conversationId,
      handoffId,
      body.type,
      at,
      JSON.stringify(body),
    ]);
    return { ...body, seq: seqOf(r), at } as CustomerEvent;
  };
  const findClientMessage = (q: Q, m: NewMessage): Promise<Row | undefined> =>
    one(q, 'SELECT * FROM messages WHERE handoff_id = $1 AND role = $2 AND client_message_id = $3', [m.handoffId, m.role, m.clientMessageId]);
  /** Under the hand-off's row lock (taken here, or already held by the caller's transaction). */
  const appendMessageTx = async (q: Q, m: NewMessage): Promise<{ message: Message; created: boolean }> => {
    await q.query('SELECT 1 FROM handoffs WHERE id = $1 FOR UPDATE', [m.handoffId]);
    if (m.clientMessageId) {
      const existing = await findClientMessage(q, m);
      if (existing) return { message: rowToMessage(existing), created: false };
    }
    const n = num((await one(q, 'SELECT COALESCE(MAX(n), 0) + 1 AS n FROM messages WHERE handoff_id = $1', [m.handoffId]))?.n) ?? 1;
    const r = await one(
      q,
      `INSERT INTO messages (id, handoff_id, n, role, text, at, client_message_id, author_name, before_handoff)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
      [timeOrderedId(), m.handoffId, n, m.role, m.text, m.at, m.clientMessageId ?? null, m.authorName ?? null, m.beforeHandoff ? 1 : 0],
    );
    return { message: rowToMessage(r as Row), created: true };
  };
  const addHolder = (q: Q, handoffId: string, agentId: string, since: string): Promise<unknown> =>
    q.query('INSERT INTO handoff_holders (handoff_id, agent_id, since) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [handoffId, agentId, since]);
  const addDeclineTx = (q: Q, handoffId: string, agentId: string, at: string): Promise<unknown> =>
    q.query('INSERT INTO declines (handoff_id, agent_id, at) VALUES ($1, $2, $3) ON CONFLICT (handoff_id, agent_id) DO UPDATE SET at = excluded.at', [handoffId, agentId, at]);

  const updateHandoffTx = async (q: Q, id: string, fromStatuses: HandoffStatus[], patch: HandoffPatch): Promise<boolean> => {
    const keys = (Object.keys(patch) as (keyof HandoffPatch)[]).filter((k) => k in handoffColumns);
    if (!keys.length || !fromStatuses.length) return false;
    const sets = keys.map((k, i) => `${handoffColumns[k]} = $${i + 1}`).join(', ');
    const values = keys.map((k) => toColumnValue(k, patch[k]));
    const res = await q.query(`UPDATE handoffs SET ${sets} WHERE id = $${keys.length + 1} AND status = ANY($${keys.length + 2})`, [...values, id, fromStatuses]);
    const changed = res.rowCount === 1;
    if (changed && patch.agentId) await addHolder(q, id, patch.agentId, patch.acceptedAt ?? new Date().toISOString());
    return changed;
  };
  const createHandoffTx = async (q: Q, h: HandoffRecord, transcript: NewMessage[]): Promise<void> => {
    await q.query(
      `INSERT INTO handoffs (id, conversation_id, customer_id, source, request, trigger, queue, skills, vip, frustrated, status,
         created_at, queued_at, human_contacts, callback_url, last_told_position, last_told_text, last_told_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 0, $14, $15, $16, $17)`,
      [
        h.id,
        h.conversationId,
        h.customerId,
        h.source,
        JSON.stringify(h.context),
        h.trigger,
        h.queue,
        JSON.stringify(h.skills),
        h.vip ? 1 : 0,
        h.frustrated ? 1 : 0,
        h.status,
        h.createdAt,
        h.queuedAt,
        h.callbackUrl ?? null,
        h.lastToldPosition ?? null,
        h.lastToldText ?? null,
        h.lastToldAt ?? null,
      ],
    );
    // The hand-off is new in this transaction, so nobody else numbers its messages: the transcript goes in as one
    // statement (one round trip, not three per message), numbered 1..n; duplicate client ids keep the first.
    if (!transcript.length) return;
    await q.query(
      `INSERT INTO messages (id, handoff_id, n, role, text, at, client_message_id, author_name, before_handoff)
       SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::int[])
       ON CONFLICT DO NOTHING`,
      [
        transcript.map(() => timeOrderedId()),
        transcript.map(() => h.id),
        transcript.map((_, i) => i + 1),
        transcript.map((m) => m.role),
        transcript.map((m) => m.text),
        transcript.map((m) => m.at),
        transcript.map((m) => m.clientMessageId ?? null),
        transcript.map((m) => m.authorName ?? null),
        transcript.map((m) => (m.beforeHandoff ? 1 : 0)),
      ],
    );
  };
  const claimTx = async (q: Q, handoffId: string, agentId: string, at: string): Promise<string | undefined> => {
    const r = await one(
      q,
      `UPDATE handoffs SET status = 'active', agent_id = offered_to, offered_to = NULL, offer_expires_at = NULL,
         preferred_agent_id = NULL, accepted_at = $1, first_accepted_at = COALESCE(first_accepted_at, $1),
         human_contacts = human_contacts + 1, last_told_position = NULL, last_told_text = NULL, last_told_at = NULL
       WHERE id = $2 AND status = 'offered' AND offered_to = $3 RETURNING conversation_id`,
      [at, handoffId, agentId],
    );
    if (!r) return undefined;
    await addHolder(q, handoffId, agentId, at);
    return String(r.conversation_id);
  };
  const tellTx = async (q: Q, handoffId: string, conversationId: string, tell: Tell, at: string): Promise<Told> => {
    const told: Told = { customer: [], agents: [] };
    if (tell.decline) await addDeclineTx(q, handoffId, tell.decline.agentId, at);
    for (const m of tell.messages ?? []) await appendMessageTx(q, m);
    for (const body of tell.customer ?? []) told.customer.push(await appendCustomerEventTx(q, conversationId, handoffId, body, at));
    for (const a of tell.agents ?? []) told.agents.push({ agentId: a.agentId, event: await appendAgentEventTx(q, a.agentId, a.body, at) });
    return told;
  };
  const eventOf = <E>(r: Row): E => ({ ...(JSON.parse(String(r.body)) as object), seq: num(r.seq) ?? 0, at: String(r.at) }) as E;

  const store: PostgresHubStore = {
    pool,
    async addBotKey(bot, keyHash, at) {
      await tx(async (q) => {
        await q.query('INSERT INTO bots (id, name, created_at) VALUES ($1, $2, $3) ON CONFLICT (id) DO UPDATE SET name = excluded.name', [bot.id, bot.name, at]);
        await q.query('INSERT INTO bot_keys (key_hash, bot_id, created_at) VALUES ($1, $2, $3)', [keyHash, bot.id, at]);
      });
    },
    async botForKeyHash(keyHash) {
      return str((await one(pool, 'SELECT bot_id FROM bot_keys WHERE key_hash = $1 AND revoked_at IS NULL', [keyHash]))?.bot_id);
    },
    async listBots() {
      const bots = await rows(pool, 'SELECT * FROM bots ORDER BY created_at, id COLLATE "C"');
      const keys = await rows(pool, 'SELECT * FROM bot_keys ORDER BY created_at');
      return bots.map((r) => ({
        id: String(r.id),
        name: String(r.name),
        createdAt: String(r.created_at),
        keys: keys
          .filter((k) => k.bot_id === r.id)
          .map((k) => ({ keyId: String(k.key_hash).slice(0, 12), createdAt: String(k.created_at), ...(k.revoked_at != null ? { revokedAt: String(k.revoked_at) } : {}) })),
      }));
    },
    async revokeBotKeys(botId, at, keyId) {
      const res = await pool.query("UPDATE bot_keys SET revoked_at = $1 WHERE bot_id = $2 AND revoked_at IS NULL AND key_hash LIKE $3 || '%'", [
        at,
        botId,
        (keyId ?? '').replace(/[%_\\]/g, ''),
      ]);
      return res.rowCount ?? 0;
    },
    async claimConversation(conversationId, botId) {
      await pool.query('INSERT INTO conversation_bots (conversation_id, bot_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [conversationId, botId]);
      return str((await one(pool, 'SELECT bot_id FROM conversation_bots WHERE conversation_id = $1', [conversationId]))?.bot_id) ?? botId;
    },
    async conversationOwner(conversationId) {
      return str((await one(pool, 'SELECT bot_id FROM conversation_bots WHERE conversation_id = $1', [conversationId]))?.bot_id);
    },
    async upsertAgent(agent, tokenHash) {
      await pool.query(
        `INSERT INTO agents (id, name, role, skills, capacity, status, token_hash, created_at, token_expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, role = excluded.role, skills = excluded.skills,
           capacity = excluded.capacity, token_hash = excluded.token_hash, token_expires_at = excluded.token_expires_at`,
        [agent.id, agent.name, agent.role, JSON.stringify(agent.skills), agent.capacity, agent.status, tokenHash, agent.createdAt, agent.tokenExpiresAt ?? null],
      );
    },
    async getAgent(id) {
      const r = await one(pool, 'SELECT * FROM agents WHERE id = $1', [id]);
      return r ? rowToAgent(r) : undefined;
    },
    async getAgentByTokenHash(hash) {
      const r = await one(pool, 'SELECT * FROM agents WHERE token_hash = $1', [hash]);
      return r ? rowToAgent(r) : undefined;
    },
    async listAgents() {
      return (await rows(pool, 'SELECT * FROM agents ORDER BY created_at, id COLLATE "C"')).map(rowToAgent);
    },
    async setAgentStatus(id, status) {
      await pool.query('UPDATE agents SET status = $1 WHERE id = $2', [status, id]);
    },
    async setAgentGrace(id, until) {
      await pool.query('UPDATE agents SET grace_until = $1 WHERE id = $2', [until ?? null, id]);
    },
    createHandoff: (h, transcript) => tx((q) => createHandoffTx(q, h, transcript)),
    async getHandoff(id) {
      const r = await one(pool, 'SELECT * FROM handoffs WHERE id = $1', [id]);
      return r ? rowToHandoff(r) : undefined;
    },
    async latestHandoffForConversation(conversationId) {
      const r = await one(pool, 'SELECT * FROM handoffs WHERE conversation_id = $1 ORDER BY created_at DESC, n DESC LIMIT 1', [conversationId]);
      return r ? rowToHandoff(r) : undefined;
    },
    async listHandoffsByStatus(statuses) {
      if (!statuses.length) return [];
      return (await rows(pool, 'SELECT * FROM handoffs WHERE status = ANY($1) ORDER BY created_at, n', [statuses])).map((r) => rowToHandoff(r));
    },
    updateHandoff: (id, fromStatuses, patch) => tx((q) => updateHandoffTx(q, id, fromStatuses, patch)),
    async claimOffer(handoffId, agentId, at, joined) {
      return tx(async (q) => {
        const conversationId = await claimTx(q, handoffId, agentId, at);
        return conversationId === undefined ? undefined : appendCustomerEventTx(q, conversationId, handoffId, joined, at);
      });
    },
    async heldBy(handoffId, agentId) {
      return (await one(pool, 'SELECT 1 AS held FROM handoff_holders WHERE handoff_id = $1 AND agent_id = $2', [handoffId, agentId])) !== undefined;
    },
    async addDecline(handoffId, agentId, at) {
      await addDeclineTx(pool, handoffId, agentId, at);
    },
    async declinedBy(handoffId) {
      return (await rows(pool, 'SELECT agent_id FROM declines WHERE handoff_id = $1', [handoffId])).map((r) => String(r.agent_id));
    },
    async declinesOf(handoffId) {
      return (await rows(pool, 'SELECT agent_id, at FROM declines WHERE handoff_id = $1', [handoffId])).map((r) => ({ agentId: String(r.agent_id), at: String(r.at) }));
    },
    async recentAnswerSeconds(queue, limit) {
      const r = await rows(
        pool,
        `SELECT EXTRACT(EPOCH FROM (first_accepted_at::timestamptz - created_at::timestamptz))::float8 AS s FROM handoffs
         WHERE queue = $1 AND first_accepted_at IS NOT NULL ORDER BY first_accepted_at DESC LIMIT $2`,
        [queue, limit],
      );
      return r.map((x) => Math.max(0, num(x.s) ?? 0)).reverse();
    },
    async averageHandleSeconds(queue, limit) {
      const r = await one(
        pool,
        `SELECT AVG(s)::float8 AS avg, COUNT(*)::int AS n FROM (
           SELECT EXTRACT(EPOCH FROM (ended_at::timestamptz - first_accepted_at::timestamptz))::float8 AS s FROM handoffs
           WHERE queue = $1 AND first_accepted_at IS NOT NULL AND ended_at IS NOT NULL ORDER BY ended_at DESC LIMIT $2) recent`,
        [queue, limit],
      );
      return (num(r?.n) ?? 0) > 0 ? num(r?.avg) : undefined;
    },
    async queueTallies(from, to, ms) {
      const r = await rows(
        pool,
        `SELECT queue,
           COUNT(*) FILTER (WHERE first_accepted_at IS NOT NULL OR status = 'abandoned')::int AS decided,
           COUNT(*) FILTER (WHERE first_accepted_at IS NOT NULL
             AND ROUND(EXTRACT(EPOCH FROM (first_accepted_at::timestamptz - created_at::timestamptz)) * 1000) <= $3)::int AS in_time,
           COUNT(*) FILTER (WHERE first_accepted_at IS NULL AND status = 'abandoned')::int AS abandoned
         FROM handoffs WHERE created_at >= $1 AND created_at <= $2 GROUP BY queue ORDER BY queue`,
        [from, to, ms],
      );
      return r.map(rowToQueueTally);
    },
    async listHandoffsCreatedBetween(from, to) {
      return (await rows(pool, 'SELECT * FROM handoffs WHERE created_at >= $1 AND created_at <= $2 ORDER BY created_at, n', [from, to])).map((r) => rowToHandoff(r));
    },
    async handoffsOfCustomerAfter(customerId, after) {
      return (await rows(pool, 'SELECT * FROM handoffs WHERE customer_id = $1 AND created_at > $2 ORDER BY created_at, n', [customerId, after])).map((r) => rowToHandoff(r));
    },
    appendMessage: (m) => tx((q) => appendMessageTx(q, m)),
    async listMessages(handoffId) {
      return (await rows(pool, 'SELECT * FROM messages WHERE handoff_id = $1 ORDER BY n', [handoffId])).map(rowToMessage);
    },
    appendAgentEvent: (agentId, body, at) => tx((q) => appendAgentEventTx(q, agentId, body, at)),
    async agentEventsAfter(agentId, afterSeq, limit) {
      return (await rows(pool, 'SELECT * FROM agent_events WHERE agent_id = $1 AND seq > $2 ORDER BY seq LIMIT $3', [agentId, afterSeq, limit])).map((r) => eventOf<AgentEvent>(r));
    },
    agentHeadSeq: (agentId) => headSeq(`a:${agentId}`),
    appendCustomerEvent: (conversationId, handoffId, body, at) => tx((q) => appendCustomerEventTx(q, conversationId, handoffId, body, at)),
    async customerEventsAfter(conversationId, afterSeq, limit) {
      return (await rows(pool, 'SELECT * FROM customer_events WHERE conversation_id = $1 AND seq > $2 ORDER BY seq LIMIT $3', [conversationId, afterSeq, limit])).map((r) =>
        eventOf<CustomerEvent>(r),
      );
    },
    recordExpectations: (items: ExpectationUpdate[], fromStatuses: HandoffStatus[]) =>
      tx(async (q) => {
        const out: { conversationId: string; event: CustomerEvent }[] = [];
        for (const item of items) {
          if (!(await updateHandoffTx(q, item.handoffId, fromStatuses, item.patch))) continue;
          out.push({ conversationId: item.conversationId, event: await appendCustomerEventTx(q, item.conversationId, item.handoffId, item.body, item.at) });
        }
        return out;
      }),
    async customerEventsOfHandoff(handoffId, type) {
      return (await rows(pool, 'SELECT * FROM customer_events WHERE handoff_id = $1 AND type = $2 ORDER BY seq', [handoffId, type])).map((r) => eventOf<CustomerEvent>(r));
    },
    async addSuggestionFeedback(f) {
      await pool.query('INSERT INTO suggestion_feedback (handoff_id, agent_id, suggestion_id, action, provider, at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING', [
        f.handoffId,
        f.agentId,
        f.suggestionId,
        f.action,
        f.provider ?? null,
        f.at,
      ]);
    },
    async listSuggestionFeedback(handoffIds) {
      if (!handoffIds.length) return [];
      return (await rows(pool, 'SELECT * FROM suggestion_feedback WHERE handoff_id = ANY($1) ORDER BY id', [handoffIds])).map(rowToSuggestionFeedback);
    },
    // As in the SQLite store: every changed article gets its own, strictly increasing updatedAt. Imports from two
    // processes are serialized by a transaction-scoped advisory lock so their cursors cannot interleave.
    upsertKbArticles: (articles: KbArticle[]) =>
      tx(async (q) => {
        await q.query('SELECT pg_advisory_xact_lock($1)', [KB_LOCK.toString()]);
        const newest = str((await one(q, 'SELECT MAX(updated_at) AS newest FROM kb_articles'))?.newest);
        let cursor = newest ? Date.parse(newest) : 0;
        let changed = 0;
        for (const a of articles) {
          const at = Math.max(Date.parse(a.updatedAt) || 0, cursor + 1);
          const res = await q.query(
            `INSERT INTO kb_articles (id, title, body, category, language, updated_at, steps, asked_as) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
             ON CONFLICT (id) DO UPDATE SET title = excluded.title, body = excluded.body, category = excluded.category,
               language = excluded.language, updated_at = excluded.updated_at, steps = excluded.steps, asked_as = excluded.asked_as
             WHERE kb_articles.title IS DISTINCT FROM excluded.title OR kb_articles.body IS DISTINCT FROM excluded.body
               OR kb_articles.category IS DISTINCT FROM excluded.category OR kb_articles.language IS DISTINCT FROM excluded.language
               OR kb_articles.steps IS DISTINCT FROM excluded.steps OR kb_articles.asked_as IS DISTINCT FROM excluded.asked_as`,
            [a.id, a.title, a.body, a.category, a.language, new Date(at).toISOString(), JSON.stringify(a.steps ?? []), JSON.stringify(a.askedAs ?? [])],
          );
          const n = res.rowCount ?? 0;
          if (n) cursor = at;
          changed += n;
        }
        return changed;
      }),
    async kbArticlesSince(since, limit) {
      return (await rows(pool, 'SELECT * FROM kb_articles WHERE updated_at > $1 ORDER BY updated_at, id COLLATE "C" LIMIT $2', [since ?? '', limit])).map((r) => ({
        id: String(r.id),
        title: String(r.title),
        body: String(r.body),
        category: String(r.category),
        language: String(r.language),
        updatedAt: String(r.updated_at),
        ...jsonList('steps', r.steps),
        ...jsonList('askedAs', r.asked_as),
      }));
    },
    createHandoffAndTell: (h, transcript, customer) =>
      tx(async (q) => {
        // The first telling's fields go in with the row (one round trip fewer than an update after it).
        await createHandoffTx(q, h, transcript);
        return tellTx(q, h.id, h.conversationId, { customer }, h.createdAt);
      }),
    changeHandoff: (id, fromStatuses, patch, tell, at, where) =>
      tx(async (q) => {
        const r = await one(q, 'SELECT conversation_id, status, offered_to, agent_id FROM handoffs WHERE id = $1 FOR UPDATE', [id]);
        if (!r) return undefined;
        if (where?.offeredTo !== undefined && r.offered_to !== where.offeredTo) return undefined;
        if (where?.agentId !== undefined && r.agent_id !== where.agentId) return undefined;
        if (Object.keys(patch).length ? !(await updateHandoffTx(q, id, fromStatuses, patch)) : !fromStatuses.includes(String(r.status) as HandoffStatus)) return undefined;
        return tellTx(q, id, String(r.conversation_id), tell, at);
      }),
    claimOfferAndTell: (handoffId, agentId, at, tell) =>
      tx(async (q) => {
        const conversationId = await claimTx(q, handoffId, agentId, at);
        return conversationId === undefined ? undefined : tellTx(q, handoffId, conversationId, tell, at);
      }),
    recordMessage: (m: NewMessage, sender: MessageSender) =>
      tx(async (q): Promise<RecordedMessage> => {
        const none: Told = { customer: [], agents: [] };
        const h = await one(q, 'SELECT conversation_id, status, agent_id FROM handoffs WHERE id = $1 FOR UPDATE', [m.handoffId]);
        if (m.clientMessageId) {
          const existing = await findClientMessage(q, m);
          // A retry answers the stored message whoever holds the conversation now, but only to an agent who held it.
          if (existing && (sender.from !== 'agent' || (await one(q, 'SELECT 1 FROM handoff_holders WHERE handoff_id = $1 AND agent_id = $2', [m.handoffId, sender.agentId])))) {
            return { ok: true, message: rowToMessage(existing), created: false, told: none };
          }
        }
        if (!h) return { ok: false, reason: 'not_found' };
        const status = String(h.status) as HandoffStatus;
        const holder = h.agent_id == null ? undefined : String(h.agent_id);
        if (sender.from === 'agent' && (status !== 'active' || holder !== sender.agentId)) return { ok: false, reason: 'not_holder', status };
        if (sender.from === 'customer' && !['queued', 'offered', 'active'].includes(status)) return { ok: false, reason: 'ended', status };
        const { message } = await appendMessageTx(q, m);
        const conversationId = String(h.conversation_id);
        const told: Told = { customer: [], agents: [] };
        if (sender.from === 'agent') {
          const body: CustomerEventBody = { type: 'message', messageId: message.id, role: 'agent', text: message.text, ...(message.authorName ? { authorName: message.authorName } : {}) };
          told.customer.push(await appendCustomerEventTx(q, conversationId, m.handoffId, body, m.at));
          told.agents.push({ agentId: sender.agentId, event: await appendAgentEventTx(q, sender.agentId, { type: 'message', message }, m.at) });
        } else if (status === 'active' && holder) {
          told.agents.push({ agentId: holder, event: await appendAgentEventTx(q, holder, { type: 'message', message }, m.at) });
        }
        return { ok: true, message, created: true, told };
      }),
    async close() {
      await pool.end();
    },
  };
  return store;
}
