// The embedded HubStore: one SQLite file (WAL, foreign keys, STRICT tables), statements prepared once,
// bound parameters only.
import type Database from 'better-sqlite3';
import { timeOrderedId } from './time-ordered-id';
import type { AgentEvent, AgentEventBody } from '../../shared/protocol/agent-socket';
import type { CustomerEvent, CustomerEventBody } from '../../shared/protocol/customer-events';
import type { Message } from '../../shared/domain/conversation';
import type { HandoffStatus } from '../../shared/domain/handoff';
import type { KbArticle } from '../../shared/domain/assist';
import { migrations, type Migration } from './migrations';
import { openMigrated } from '../../node/sqlite/migrate';
import { handoffColumns, jsonList, LIST_COLUMNS, num, rowToAgent, rowToHandoff, rowToMessage, rowToQueueTally, rowToSuggestionFeedback, str, toColumnValue, type Row } from './rows';
import {
  asyncHubStore,
  type ExpectationUpdate,
  type HandoffPatch,
  type HandoffRecord,
  type HubStore,
  type MessageSender,
  type NewMessage,
  type RecordedMessage,
  type SuggestionFeedbackRecord,
  type SyncHubStore,
  type Tell,
  type Told,
} from './hub-store';

/** The statuses of the partial index handoffs_open (migration 6). */
const OPEN_STATUSES: HandoffStatus[] = ['queued', 'offered', 'active'];

/** Opens (or creates) the database and brings its schema up to date; refuses a database newer than the code. */
export function openDatabase(file: string, list: Migration[] = migrations): Database.Database {
  const db = openMigrated(file, list, {
    what: 'hub database',
    newer: (f, found, supported) =>
      `The hub database ${f} has schema version ${found}, newer than this hub understands (${supported}). ` +
      'Run a newer Baton Hub, or point BATON_DATA_DIR at another folder.',
  });
  // The hub acknowledges writes to bots and desks: a commit must survive power loss, not only a crash.
  db.pragma('synchronous = FULL');
  // Each store call in a group commit is a savepoint, and a savepoint keeps the old contents of the pages it
  // changes until it is released. In memory, that costs a copy; in the default temporary file, it cost an open,
  // 60 KB of writes and an unlink in /var/tmp on every hand-off. It is never needed after a crash.
  db.pragma('temp_store = MEMORY');
  return db;
}

/** The embedded store behind the asynchronous HubStore contract. */
export function createSqliteStore(file: string): HubStore {
  return asyncHubStore(createSqliteStoreSync(file));
}

/**
 * The embedded store with group commit: the first write opens a transaction, every call made until the event
 * loop turns joins it (each store method still commits or rolls back on its own as a savepoint), and one COMMIT
 * (one fsync under synchronous=FULL) makes them all durable. Calls answer at once, with the state as written;
 * `durable()` resolves when what was written so far has been committed, and is what a caller awaits before it
 * acknowledges anything. A failed COMMIT rejects those waits: nothing uncommitted was acknowledged.
 */
export function createGroupCommitStore(file: string): { store: HubStore; sync: SyncHubStore } {
  const db = openDatabase(file);
  const sync = buildStore(db);
  let waiting: { resolve: () => void; reject: (e: Error) => void }[] = [];
  let scheduled = false;
  const commit = (): void => {
    scheduled = false;
    const settled = waiting;
    waiting = [];
    try {
      if (db.inTransaction) db.exec('COMMIT');
      for (const w of settled) w.resolve();
    } catch (e) {
      if (db.inTransaction) db.exec('ROLLBACK');
      for (const w of settled) w.reject(e instanceof Error ? e : new Error(String(e)));
    }
  };
  const open = (): void => {
    if (!db.inTransaction && db.open) db.exec('BEGIN IMMEDIATE');
    if (!scheduled) {
      scheduled = true;
      setImmediate(commit);
    }
  };
  const grouped = asyncHubStore(
    Object.fromEntries(
      Object.entries(sync).map(([key, fn]) => [
        key,
        key === 'close'
          ? () => {
              commit();
              sync.close();
            }
          : (...args: unknown[]) => {
              open();
              return (fn as (...a: unknown[]) => unknown)(...args);
            },
      ]),
    ) as unknown as SyncHubStore,
  );
  grouped.durable = () => (scheduled ? new Promise<void>((resolve, reject) => waiting.push({ resolve, reject })) : Promise.resolve());
  return { store: grouped, sync };
}

/** The embedded store, answered synchronously (CLI commands and admin helpers). */
export function createSqliteStoreSync(file: string): SyncHubStore {
  return buildStore(openDatabase(file));
}

function buildStore(db: Database.Database): SyncHubStore {
  const s = {
    upsertAgent: db.prepare(
      `INSERT INTO agents (id, name, role, skills, capacity, status, token_hash, created_at, token_expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET name = excluded.name, role = excluded.role, skills = excluded.skills,
         capacity = excluded.capacity, token_hash = excluded.token_hash, token_expires_at = excluded.token_expires_at`,
    ),
    getAgent: db.prepare('SELECT * FROM agents WHERE id = ?'),
    getAgentByToken: db.prepare('SELECT * FROM agents WHERE token_hash = ?'),
    listAgents: db.prepare('SELECT * FROM agents ORDER BY created_at, id'),
    setAgentStatus: db.prepare('UPDATE agents SET status = ? WHERE id = ?'),
    setAgentGrace: db.prepare('UPDATE agents SET grace_until = ? WHERE id = ?'),
    insertHandoff: db.prepare(
      `INSERT INTO handoffs (id, conversation_id, customer_id, source, request, trigger, queue, skills, vip, frustrated, status,
         created_at, queued_at, human_contacts, callback_url, last_told_position, last_told_text, last_told_at)
       VALUES (@id, @conversationId, @customerId, @source, @request, @trigger, @queue, @skills, @vip, @frustrated, @status,
         @createdAt, @queuedAt, 0, @callbackUrl, @lastToldPosition, @lastToldText, @lastToldAt)`,
    ),
    getHandoff: db.prepare('SELECT * FROM handoffs WHERE id = ?'),
    latestForConversation: db.prepare('SELECT * FROM handoffs WHERE conversation_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1'),
    claimOffer: db.prepare(
      `UPDATE handoffs SET status = 'active', agent_id = offered_to, offered_to = NULL, offer_expires_at = NULL,
         preferred_agent_id = NULL, accepted_at = @at, first_accepted_at = COALESCE(first_accepted_at, @at),
         human_contacts = human_contacts + 1, last_told_position = NULL, last_told_text = NULL, last_told_at = NULL
       WHERE id = @id AND status = 'offered' AND offered_to = @agentId`,
    ),
    addHolder: db.prepare('INSERT INTO handoff_holders (handoff_id, agent_id, since) VALUES (?, ?, ?) ON CONFLICT DO NOTHING'),
    heldBy: db.prepare('SELECT 1 AS held FROM handoff_holders WHERE handoff_id = ? AND agent_id = ?'),
    addDecline: db.prepare('INSERT INTO declines (handoff_id, agent_id, at) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET at = excluded.at'),
    declinedBy: db.prepare('SELECT agent_id FROM declines WHERE handoff_id = ?'),
    declinesOf: db.prepare('SELECT agent_id, at FROM declines WHERE handoff_id = ?'),
    recentAnswers: db.prepare(
      `SELECT (julianday(first_accepted_at) - julianday(created_at)) * 86400.0 AS s FROM handoffs
       WHERE queue = ? AND first_accepted_at IS NOT NULL ORDER BY first_accepted_at DESC LIMIT ?`,
    ),
    averageHandle: db.prepare(
      `SELECT AVG(s) AS avg, COUNT(*) AS n FROM (SELECT (julianday(ended_at) - julianday(first_accepted_at)) * 86400.0 AS s FROM handoffs
       WHERE queue = ? AND first_accepted_at IS NOT NULL AND ended_at IS NOT NULL ORDER BY ended_at DESC LIMIT ?)`,
    ),
    createdBetween: db.prepare('SELECT * FROM handoffs WHERE created_at >= ? AND created_at <= ? ORDER BY created_at'),
    // Whole milliseconds, as Date.parse gives them: julianday's float would put 60 s a hair above 60,000 ms.
    queueTallies: db.prepare(
      `SELECT queue,
         SUM(first_accepted_at IS NOT NULL OR status = 'abandoned') AS decided,
         SUM(first_accepted_at IS NOT NULL AND ROUND((julianday(first_accepted_at) - julianday(created_at)) * 86400000.0) <= @ms) AS in_time,
         SUM(first_accepted_at IS NULL AND status = 'abandoned') AS abandoned
       FROM handoffs WHERE created_at >= @from AND created_at <= @to GROUP BY queue ORDER BY queue`,
    ),
    ofCustomerAfter: db.prepare('SELECT * FROM handoffs WHERE customer_id = ? AND created_at > ? ORDER BY created_at'),
    nextMessageN: db.prepare('SELECT COALESCE(MAX(n), 0) + 1 AS n FROM messages WHERE handoff_id = ?'),
    findClientMessage: db.prepare('SELECT * FROM messages WHERE handoff_id = ? AND role = ? AND client_message_id = ?'),
    insertMessage: db.prepare(
      `INSERT INTO messages (id, handoff_id, n, role, text, at, client_message_id, author_name, before_handoff)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    listMessages: db.prepare('SELECT * FROM messages WHERE handoff_id = ? ORDER BY n'),
    agentHead: db.prepare('SELECT COALESCE(MAX(seq), 0) AS seq FROM agent_events WHERE agent_id = ?'),
    insertAgentEvent: db.prepare('INSERT INTO agent_events (agent_id, seq, at, body) VALUES (?, ?, ?, ?)'),
    agentEventsAfter: db.prepare('SELECT * FROM agent_events WHERE agent_id = ? AND seq > ? ORDER BY seq LIMIT ?'),
    customerHead: db.prepare('SELECT COALESCE(MAX(seq), 0) AS seq FROM customer_events WHERE conversation_id = ?'),
    insertCustomerEvent: db.prepare('INSERT INTO customer_events (conversation_id, seq, handoff_id, type, at, body) VALUES (?, ?, ?, ?, ?, ?)'),
    customerEventsAfter: db.prepare('SELECT * FROM customer_events WHERE conversation_id = ? AND seq > ? ORDER BY seq LIMIT ?'),
    customerEventsOfHandoff: db.prepare('SELECT * FROM customer_events WHERE handoff_id = ? AND type = ? ORDER BY seq'),
    addFeedback: db.prepare('INSERT OR IGNORE INTO suggestion_feedback (handoff_id, agent_id, suggestion_id, action, provider, at) VALUES (?, ?, ?, ?, ?, ?)'),
    upsertKb: db.prepare(
      `INSERT INTO kb_articles (id, title, body, category, language, updated_at, steps, asked_as) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET title = excluded.title, body = excluded.body, category = excluded.category,
         language = excluded.language, updated_at = excluded.updated_at, steps = excluded.steps, asked_as = excluded.asked_as
       WHERE kb_articles.title IS NOT excluded.title OR kb_articles.body IS NOT excluded.body
         OR kb_articles.category IS NOT excluded.category OR kb_articles.language IS NOT excluded.language
         OR kb_articles.steps IS NOT excluded.steps OR kb_articles.asked_as IS NOT excluded.asked_as`,
    ),
    kbNewest: db.prepare('SELECT MAX(updated_at) AS newest FROM kb_articles'),
    kbSince: db.prepare('SELECT * FROM kb_articles WHERE updated_at > ? ORDER BY updated_at, id LIMIT ?'),
  };
  // Statements that depend on a list length or a patch shape are built on first use and cached.
  const dynamic = new Map<string, Database.Statement>();
  const prepared = (sql: string): Database.Statement => {
    let st = dynamic.get(sql);
    if (!st) {
      st = db.prepare(sql);
      dynamic.set(sql, st);
    }
    return st;
  };

  const getMessageStmt = db.prepare('SELECT * FROM messages WHERE id = ?');
  const appendMessage = db.transaction((m: NewMessage): { message: Message; created: boolean } => {
    if (m.clientMessageId) {
      const existing = s.findClientMessage.get(m.handoffId, m.role, m.clientMessageId) as Row | undefined;
      if (existing) return { message: rowToMessage(existing), created: false };
    }
    const n = num((s.nextMessageN.get(m.handoffId) as Row).n) ?? 1;
    const id = timeOrderedId();
    s.insertMessage.run(id, m.handoffId, n, m.role, m.text, m.at, m.clientMessageId ?? null, m.authorName ?? null, m.beforeHandoff ? 1 : 0);
    return { message: rowToMessage(getMessageStmt.get(id) as Row), created: true };
  });

  /**
   * A new hand-off row (with what its customer is first told) and its transcript, numbered from 1. Runs inside the
   * caller's transaction: a new hand-off has no messages yet, so nothing needs reading back (one statement per row
   * is what keeps intake cheap).
   */
  const insertHandoff = (h: HandoffRecord, transcript: NewMessage[]): void => {
    s.insertHandoff.run({
      id: h.id,
      conversationId: h.conversationId,
      customerId: h.customerId,
      source: h.source,
      request: JSON.stringify(h.context),
      trigger: h.trigger,
      queue: h.queue,
      skills: JSON.stringify(h.skills),
      vip: h.vip ? 1 : 0,
      frustrated: h.frustrated ? 1 : 0,
      status: h.status,
      createdAt: h.createdAt,
      queuedAt: h.queuedAt,
      callbackUrl: h.callbackUrl ?? null,
      lastToldPosition: h.lastToldPosition ?? null,
      lastToldText: h.lastToldText ?? null,
      lastToldAt: h.lastToldAt ?? null,
    });
    let n = 0;
    for (const m of transcript) {
      if (m.handoffId !== h.id) throw new Error('A transcript message belongs to another hand-off');
      s.insertMessage.run(timeOrderedId(), h.id, ++n, m.role, m.text, m.at, m.clientMessageId ?? null, m.authorName ?? null, m.beforeHandoff ? 1 : 0);
    }
  };

  const contextStmt = db.prepare('SELECT request FROM handoffs WHERE id = ?');
  const loadContext = (id: string): string => String((contextStmt.get(id) as Row | undefined)?.request ?? '{}');

  const bots = {
    upsertBot: db.prepare('INSERT INTO bots (id, name, created_at) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name'),
    addKey: db.prepare('INSERT INTO bot_keys (key_hash, bot_id, created_at) VALUES (?, ?, ?)'),
    forKey: db.prepare('SELECT bot_id FROM bot_keys WHERE key_hash = ? AND revoked_at IS NULL'),
    list: db.prepare('SELECT * FROM bots ORDER BY created_at, id'),
    keysOf: db.prepare('SELECT * FROM bot_keys WHERE bot_id = ? ORDER BY created_at'),
    revoke: db.prepare("UPDATE bot_keys SET revoked_at = ? WHERE bot_id = ? AND revoked_at IS NULL AND key_hash LIKE ? || '%'"),
    claim: db.prepare('INSERT INTO conversation_bots (conversation_id, bot_id) VALUES (?, ?) ON CONFLICT DO NOTHING'),
    owner: db.prepare('SELECT bot_id FROM conversation_bots WHERE conversation_id = ?'),
  };
  const addBotKey = db.transaction((bot: { id: string; name: string }, keyHash: string, at: string) => {
    bots.upsertBot.run(bot.id, bot.name, at);
    bots.addKey.run(keyHash, bot.id, at);
  });

  const handoffRow = db.prepare('SELECT conversation_id, status, offered_to, agent_id FROM handoffs WHERE id = ?');
  const tellTx = (handoffId: string, conversationId: string, tell: Tell, at: string): Told => {
    const told: Told = { customer: [], agents: [] };
    if (tell.decline) s.addDecline.run(handoffId, tell.decline.agentId, at);
    for (const m of tell.messages ?? []) appendMessage(m);
    for (const body of tell.customer ?? []) told.customer.push(store.appendCustomerEvent(conversationId, handoffId, body, at));
    for (const a of tell.agents ?? []) told.agents.push({ agentId: a.agentId, event: store.appendAgentEvent(a.agentId, a.body, at) });
    return told;
  };

  const store: SyncHubStore = {
    addBotKey: (bot, keyHash, at) => addBotKey(bot, keyHash, at),
    botForKeyHash: (keyHash) => str((bots.forKey.get(keyHash) as Row | undefined)?.bot_id),
    listBots: () =>
      (bots.list.all() as Row[]).map((r) => ({
        id: String(r.id),
        name: String(r.name),
        createdAt: String(r.created_at),
        keys: (bots.keysOf.all(r.id) as Row[]).map((k) => ({
          keyId: String(k.key_hash).slice(0, 12),
          createdAt: String(k.created_at),
          ...(k.revoked_at != null ? { revokedAt: String(k.revoked_at) } : {}),
        })),
      })),
    revokeBotKeys: (botId, at, keyId) => Number(bots.revoke.run(at, botId, (keyId ?? '').replace(/[%_]/g, '')).changes),
    claimConversation(conversationId, botId) {
      bots.claim.run(conversationId, botId);
      return str((bots.owner.get(conversationId) as Row | undefined)?.bot_id) ?? botId;
    },
    conversationOwner: (conversationId) => str((bots.owner.get(conversationId) as Row | undefined)?.bot_id),
    createHandoffAndTell: db.transaction((h: HandoffRecord, transcript: NewMessage[], customer: CustomerEventBody[]): Told => {
      insertHandoff(h, transcript);
      return tellTx(h.id, h.conversationId, { customer }, h.createdAt);
    }),
    changeHandoff: db.transaction(
      (id: string, fromStatuses: HandoffStatus[], patch: HandoffPatch, tell: Tell, at: string, where?: { offeredTo?: string; agentId?: string }): Told | undefined => {
        const r = handoffRow.get(id) as Row | undefined;
        if (!r) return undefined;
        if (where?.offeredTo !== undefined && r.offered_to !== where.offeredTo) return undefined;
        if (where?.agentId !== undefined && r.agent_id !== where.agentId) return undefined;
        if (Object.keys(patch).length ? !store.updateHandoff(id, fromStatuses, patch) : !fromStatuses.includes(String(r.status) as HandoffStatus)) return undefined;
        return tellTx(id, String(r.conversation_id), tell, at);
      },
    ),
    claimOfferAndTell: db.transaction((handoffId: string, agentId: string, at: string, tell: Tell): Told | undefined => {
      if (s.claimOffer.run({ id: handoffId, agentId, at }).changes !== 1) return undefined;
      s.addHolder.run(handoffId, agentId, at);
      const conversationId = String((handoffRow.get(handoffId) as Row).conversation_id);
      return tellTx(handoffId, conversationId, tell, at);
    }),
    recordMessage: db.transaction((m: NewMessage, sender: MessageSender): RecordedMessage => {
      const none: Told = { customer: [], agents: [] };
      if (m.clientMessageId) {
        const existing = s.findClientMessage.get(m.handoffId, m.role, m.clientMessageId) as Row | undefined;
        // A retry answers the stored message whoever holds the conversation now, but only to an agent who held it.
        if (existing && (sender.from !== 'agent' || s.heldBy.get(m.handoffId, sender.agentId) !== undefined)) {
          return { ok: true, message: rowToMessage(existing), created: false, told: none };
        }
      }
      const h = handoffRow.get(m.handoffId) as Row | undefined;
      if (!h) return { ok: false, reason: 'not_found' };
      const status = String(h.status) as HandoffStatus;
      const holder = h.agent_id == null ? undefined : String(h.agent_id);
      if (sender.from === 'agent' && (status !== 'active' || holder !== sender.agentId)) return { ok: false, reason: 'not_holder', status };
      if (sender.from === 'customer' && !['queued', 'offered', 'active'].includes(status)) return { ok: false, reason: 'ended', status };
      const { message } = appendMessage(m);
      const conversationId = String(h.conversation_id);
      const told: Told = { customer: [], agents: [] };
      if (sender.from === 'agent') {
        told.customer.push(
          store.appendCustomerEvent(conversationId, m.handoffId, { type: 'message', messageId: message.id, role: 'agent', text: message.text, ...(message.authorName ? { authorName: message.authorName } : {}) }, m.at),
        );
        told.agents.push({ agentId: sender.agentId, event: store.appendAgentEvent(sender.agentId, { type: 'message', message }, m.at) });
      } else if (status === 'active' && holder) {
        told.agents.push({ agentId: holder, event: store.appendAgentEvent(holder, { type: 'message', message }, m.at) });
      }
      return { ok: true, message, created: true, told };
    }),
    recordExpectations: (items, fromStatuses) => recordExpectationsTx(items, fromStatuses),
    upsertAgent(agent, tokenHash) {
      s.upsertAgent.run(agent.id, agent.name, agent.role, JSON.stringify(agent.skills), agent.capacity, agent.status, tokenHash, agent.createdAt, agent.tokenExpiresAt ?? null);
    },
    getAgent(id) {
      const r = s.getAgent.get(id) as Row | undefined;
      return r ? rowToAgent(r) : undefined;
    },
    getAgentByTokenHash(hash) {
      const r = s.getAgentByToken.get(hash) as Row | undefined;
      return r ? rowToAgent(r) : undefined;
    },
    listAgents: () => (s.listAgents.all() as Row[]).map(rowToAgent),
    setAgentGrace(id, until) {
      s.setAgentGrace.run(until ?? null, id);
    },
    setAgentStatus(id, status) {
      s.setAgentStatus.run(status, id);
    },
    createHandoff: db.transaction((h: HandoffRecord, transcript: NewMessage[]) => insertHandoff(h, transcript)),
    getHandoff(id) {
      const r = s.getHandoff.get(id) as Row | undefined;
      return r ? rowToHandoff(r) : undefined;
    },
    latestHandoffForConversation(conversationId) {
      const r = s.latestForConversation.get(conversationId) as Row | undefined;
      return r ? rowToHandoff(r) : undefined;
    },
    listHandoffsByStatus(statuses) {
      if (!statuses.length) return [];
      // Open statuses are read through the partial index handoffs_open, which SQLite uses only when the query
      // states its condition literally (it cannot see that bound values satisfy it); anything else is a scan.
      const open = statuses.every((x) => OPEN_STATUSES.includes(x)) ? ` AND status IN (${OPEN_STATUSES.map((x) => `'${x}'`).join(', ')})` : '';
      const sql = `SELECT ${LIST_COLUMNS} FROM handoffs WHERE status IN (${statuses.map(() => '?').join(', ')})${open} ORDER BY created_at, rowid`;
      return (prepared(sql).all(...statuses) as Row[]).map((r) => rowToHandoff(r, loadContext));
    },
    updateHandoff: db.transaction((id: string, fromStatuses: HandoffStatus[], patch: HandoffPatch): boolean => {
      const keys = (Object.keys(patch) as (keyof HandoffPatch)[]).filter((k) => k in handoffColumns);
      if (!keys.length || !fromStatuses.length) return false;
      const sets = keys.map((k) => `${handoffColumns[k]} = ?`).join(', ');
      const sql = `UPDATE handoffs SET ${sets} WHERE id = ? AND status IN (${fromStatuses.map(() => '?').join(', ')})`;
      const values = keys.map((k) => toColumnValue(k, patch[k]));
      const changed = prepared(sql).run(...values, id, ...fromStatuses).changes === 1;
      if (changed && patch.agentId) s.addHolder.run(id, patch.agentId, patch.acceptedAt ?? new Date().toISOString());
      return changed;
    }),
    heldBy: (handoffId, agentId) => s.heldBy.get(handoffId, agentId) !== undefined,
    claimOffer: db.transaction((handoffId: string, agentId: string, at: string, joined: CustomerEventBody): CustomerEvent | undefined => {
      if (s.claimOffer.run({ id: handoffId, agentId, at }).changes !== 1) return undefined;
      s.addHolder.run(handoffId, agentId, at);
      const conversationId = String((s.getHandoff.get(handoffId) as Row).conversation_id);
      return store.appendCustomerEvent(conversationId, handoffId, joined, at);
    }),
    addDecline(handoffId, agentId, at) {
      s.addDecline.run(handoffId, agentId, at);
    },
    declinedBy: (handoffId) => (s.declinedBy.all(handoffId) as Row[]).map((r) => String(r.agent_id)),
    declinesOf: (handoffId) => (s.declinesOf.all(handoffId) as Row[]).map((r) => ({ agentId: String(r.agent_id), at: String(r.at) })),
    recentAnswerSeconds(queue, limit) {
      return (s.recentAnswers.all(queue, limit) as Row[]).map((r) => Math.max(0, num(r.s) ?? 0)).reverse();
    },
    averageHandleSeconds(queue, limit) {
      const r = s.averageHandle.get(queue, limit) as Row;
      return (num(r.n) ?? 0) > 0 ? num(r.avg) : undefined;
    },
    listHandoffsCreatedBetween: (from, to) => (s.createdBetween.all(from, to) as Row[]).map((r) => rowToHandoff(r)),
    queueTallies: (from, to, ms) => (s.queueTallies.all({ from, to, ms }) as Row[]).map(rowToQueueTally),
    handoffsOfCustomerAfter: (customerId, after) => (s.ofCustomerAfter.all(customerId, after) as Row[]).map((r) => rowToHandoff(r)),
    appendMessage: (m) => appendMessage(m),
    listMessages: (handoffId) => (s.listMessages.all(handoffId) as Row[]).map(rowToMessage),
    appendAgentEvent: db.transaction((agentId: string, body: AgentEventBody, at: string): AgentEvent => {
      const seq = (num((s.agentHead.get(agentId) as Row).seq) ?? 0) + 1;
      s.insertAgentEvent.run(agentId, seq, at, JSON.stringify(body));
      return { ...body, seq, at } as AgentEvent;
    }),
    agentEventsAfter: (agentId, afterSeq, limit) =>
      (s.agentEventsAfter.all(agentId, afterSeq, limit) as Row[]).map((r) => ({ ...(JSON.parse(String(r.body)) as AgentEventBody), seq: num(r.seq) ?? 0, at: String(r.at) }) as AgentEvent),
    agentHeadSeq: (agentId) => num((s.agentHead.get(agentId) as Row).seq) ?? 0,
    appendCustomerEvent: db.transaction((conversationId: string, handoffId: string, body: CustomerEventBody, at: string): CustomerEvent => {
      const seq = (num((s.customerHead.get(conversationId) as Row).seq) ?? 0) + 1;
      s.insertCustomerEvent.run(conversationId, seq, handoffId, body.type, at, JSON.stringify(body));
      return { ...body, seq, at } as CustomerEvent;
    }),
    customerEventsAfter: (conversationId, afterSeq, limit) =>
      (s.customerEventsAfter.all(conversationId, afterSeq, limit) as Row[]).map(
        (r) => ({ ...(JSON.parse(String(r.body)) as CustomerEventBody), seq: num(r.seq) ?? 0, at: String(r.at) }) as CustomerEvent,
      ),
    customerEventsOfHandoff: (handoffId, type) =>
      (s.customerEventsOfHandoff.all(handoffId, type) as Row[]).map(
        (r) => ({ ...(JSON.parse(String(r.body)) as CustomerEventBody), seq: num(r.seq) ?? 0, at: String(r.at) }) as CustomerEvent,
      ),
    addSuggestionFeedback(f) {
      s.addFeedback.run(f.handoffId, f.agentId, f.suggestionId, f.action, f.provider ?? null, f.at);
    },
    listSuggestionFeedback(handoffIds) {
      const out: SuggestionFeedbackRecord[] = [];
      // Chunked so the bound-parameter count stays under SQLite's limit.
      for (let i = 0; i < handoffIds.length; i += 500) {
        const chunk = handoffIds.slice(i, i + 500);
        const sql = `SELECT * FROM suggestion_feedback WHERE handoff_id IN (${chunk.map(() => '?').join(', ')}) ORDER BY id`;
        for (const r of prepared(sql).all(...chunk) as Row[]) out.push(rowToSuggestionFeedback(r));
      }
      return out;
    },
    // Desks sync with `since = newest updatedAt they hold` and page by it, so every changed article gets its own,
    // strictly increasing updatedAt (at least 1 ms after the newest stored): no two articles tie, and a page
    // boundary can never fall between two articles with the same timestamp.
    upsertKbArticles: db.transaction((articles: KbArticle[]): number => {
      const newest = str((s.kbNewest.get() as Row).newest);
      let cursor = newest ? Date.parse(newest) : 0;
      let changed = 0;
      for (const a of articles) {
        const at = Math.max(Date.parse(a.updatedAt) || 0, cursor + 1);
        const n = s.upsertKb.run(a.id, a.title, a.body, a.category, a.language, new Date(at).toISOString(), JSON.stringify(a.steps ?? []), JSON.stringify(a.askedAs ?? [])).changes;
        if (n) cursor = at;
        changed += n;
      }
      return changed;
    }),
    kbArticlesSince(since, limit) {
      return (s.kbSince.all(since ?? '', limit) as Row[]).map((r) => ({
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
    close() {
      db.close();
    },
  };
  const recordExpectationsTx = db.transaction((items: ExpectationUpdate[], fromStatuses: HandoffStatus[]) => {
    const out: { conversationId: string; event: CustomerEvent }[] = [];
    for (const item of items) {
      if (!store.updateHandoff(item.handoffId, fromStatuses, item.patch)) continue;
      out.push({ conversationId: item.conversationId, event: store.appendCustomerEvent(item.conversationId, item.handoffId, item.body, item.at) });
    }
    return out;
  });
  return store;
}
