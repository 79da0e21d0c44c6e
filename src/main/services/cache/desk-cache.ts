// The desk's typed access to its SQLite cache: every statement prepared once, bound parameters only.
// Callers compose these in transactions (the hub link applies an event and its seq in one).
import type { AgentProfile, ConversationView, Message } from '../../../shared/domain/conversation';
import type { SummaryView, Suggestion } from '../../../shared/domain/assist';
import type { Offer } from '../../../shared/desk-api/contract';
import type { StepMark } from '../../../shared/domain/procedure';
import type { Db } from './open-database';

export interface OutboxEntry {
  seq: number;
  clientMessageId: string;
  handoffId: string;
  text: string;
  createdAt: string;
}

export interface CachedConversation {
  conversation: Omit<ConversationView, 'messages'>;
  draft: string;
  unread: number;
  updatedAt: string;
}

interface ConversationRow {
  handoff_id: string;
  data: string;
  draft: string;
  unread: number;
  updated_at: string;
}
interface OutboxRow {
  seq: number;
  client_message_id: string;
  handoff_id: string;
  text: string;
  created_at: string;
}

const parse = <T>(json: string): T => JSON.parse(json) as T;

export function createDeskCache(db: Db) {
  const s = {
    upsertConversation: db.prepare(
      `INSERT INTO conversations (handoff_id, data, status, updated_at) VALUES (@handoffId, @data, @status, @now)
       ON CONFLICT(handoff_id) DO UPDATE SET data = excluded.data, status = excluded.status, updated_at = excluded.updated_at`,
    ),
    getConversation: db.prepare<[string], ConversationRow>('SELECT handoff_id, data, draft, unread, updated_at FROM conversations WHERE handoff_id = ?'),
    listConversations: db.prepare<[], ConversationRow>('SELECT handoff_id, data, draft, unread, updated_at FROM conversations ORDER BY updated_at DESC'),
    deleteConversation: db.prepare<[string]>('DELETE FROM conversations WHERE handoff_id = ?'),
    setDraft: db.prepare<[string, string]>('UPDATE conversations SET draft = ? WHERE handoff_id = ?'),
    addUnread: db.prepare<[number, string]>('UPDATE conversations SET unread = unread + ? WHERE handoff_id = ?'),
    clearUnread: db.prepare<[string]>('UPDATE conversations SET unread = 0 WHERE handoff_id = ?'),
    touchConversation: db.prepare<[string, string]>('UPDATE conversations SET updated_at = ? WHERE handoff_id = ?'),

    insertMessage: db.prepare<{ id: string; handoffId: string; clientMessageId: string | null; data: string }>(
      `INSERT OR IGNORE INTO messages (id, handoff_id, ord, client_message_id, data)
       VALUES (@id, @handoffId, (SELECT COALESCE(MAX(ord), 0) + 1 FROM messages WHERE handoff_id = @handoffId), @clientMessageId, @data)`,
    ),
    listMessages: db.prepare<[string], { data: string }>('SELECT data FROM messages WHERE handoff_id = ? ORDER BY ord'),
    lastMessage: db.prepare<[string], { data: string }>('SELECT data FROM messages WHERE handoff_id = ? ORDER BY ord DESC LIMIT 1'),
    // Pages of a long transcript, newest page first, each read in order (the index is on handoff_id, ord).
    latestMessages: db.prepare<[string, number], { data: string; ord: number }>(
      'SELECT data, ord FROM (SELECT data, ord FROM messages WHERE handoff_id = ? ORDER BY ord DESC LIMIT ?) ORDER BY ord',
    ),
    messagesBefore: db.prepare<[string, string, string, number], { data: string; ord: number }>(
      `SELECT data, ord FROM (SELECT data, ord FROM messages WHERE handoff_id = ? AND ord < (SELECT ord FROM messages WHERE id = ? AND handoff_id = ?)
       ORDER BY ord DESC LIMIT ?) ORDER BY ord`,
    ),
    countBefore: db.prepare<[string, number], { n: number }>('SELECT count(*) AS n FROM messages WHERE handoff_id = ? AND ord < ?'),
    messageOrd: db.prepare<[string, string], { ord: number }>('SELECT ord FROM messages WHERE id = ? AND handoff_id = ?'),

    upsertOffer: db.prepare<[string, string, string]>(
      'INSERT INTO offers (handoff_id, data, expires_at) VALUES (?, ?, ?) ON CONFLICT(handoff_id) DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at',
    ),
    deleteOffer: db.prepare<[string]>('DELETE FROM offers WHERE handoff_id = ?'),
    listOffers: db.prepare<[string], { data: string }>('SELECT data FROM offers WHERE expires_at > ? ORDER BY expires_at'),
    pruneOffers: db.prepare<[string]>('DELETE FROM offers WHERE expires_at <= ?'),

    enqueue: db.prepare<[string, string, string, string]>('INSERT INTO outbox (client_message_id, handoff_id, text, created_at) VALUES (?, ?, ?, ?)'),
    outbox: db.prepare<[], OutboxRow>('SELECT seq, client_message_id, handoff_id, text, created_at FROM outbox ORDER BY seq'),
    outboxFor: db.prepare<[string], OutboxRow>('SELECT seq, client_message_id, handoff_id, text, created_at FROM outbox WHERE handoff_id = ? ORDER BY seq'),
    outboxCount: db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM outbox'),
    dequeue: db.prepare<[string]>('DELETE FROM outbox WHERE client_message_id = ?'),

    getSetting: db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?'),
    setSetting: db.prepare<[string, string]>('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value'),

    lastSeq: db.prepare<[], { last_seq: number; agent: string | null }>('SELECT last_seq, agent FROM link_state WHERE id = 1'),
    setLastSeq: db.prepare<[number]>('UPDATE link_state SET last_seq = ? WHERE id = 1'),
    setAgent: db.prepare<[string]>('UPDATE link_state SET agent = ? WHERE id = 1'),
    resetLink: db.prepare('UPDATE link_state SET last_seq = 0, agent = NULL WHERE id = 1'),
    conversationIds: db.prepare<[], { handoff_id: string }>('SELECT handoff_id FROM conversations'),
    offerIds: db.prepare<[string], { handoff_id: string }>('SELECT handoff_id FROM offers WHERE expires_at > ?'),
    forgetMessages: db.prepare('DELETE FROM messages'),
    // Summaries and suggestions go with their conversations (ON DELETE CASCADE); drafts live in the rows.
    forgetConversations: db.prepare('DELETE FROM conversations'),
    forgetOffers: db.prepare('DELETE FROM offers'),
    forgetOutbox: db.prepare('DELETE FROM outbox'),

    getSummary: db.prepare<[string], { data: string }>('SELECT data FROM summaries WHERE handoff_id = ?'),
    putSummary: db.prepare<[string, string, string]>(
      'INSERT INTO summaries (handoff_id, data, created_at) VALUES (?, ?, ?) ON CONFLICT(handoff_id) DO UPDATE SET data = excluded.data, created_at = excluded.created_at',
    ),
    stepMarks: db.prepare<[string], { article_id: string; step_id: string; done: number }>(
      'SELECT article_id, step_id, done FROM step_marks WHERE handoff_id = ? ORDER BY at',
    ),
    putStepMark: db.prepare<{ handoffId: string; articleId: string; stepId: string; done: number; at: string }>(
      `INSERT INTO step_marks (handoff_id, article_id, step_id, done, at) VALUES (@handoffId, @articleId, @stepId, @done, @at)
       ON CONFLICT(handoff_id, article_id, step_id) DO UPDATE SET done = excluded.done, at = excluded.at`,
    ),
    putSuggestion: db.prepare<[string, string, string, string, string, string]>(
      'INSERT OR REPLACE INTO suggestions (id, handoff_id, request_id, provider, data, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    getSuggestion: db.prepare<[string], { provider: string }>('SELECT provider FROM suggestions WHERE id = ?'),
    addFeedback: db.prepare<[string, string, string, string | null, string]>(
      'INSERT INTO suggestion_feedback (handoff_id, suggestion_id, action, provider, at) VALUES (?, ?, ?, ?, ?)',
    ),
    unreportedFeedback: db.prepare<[], { id: number; handoff_id: string; suggestion_id: string; action: string; provider: string | null }>(
      'SELECT id, handoff_id, suggestion_id, action, provider FROM suggestion_feedback WHERE reported = 0 ORDER BY id',
    ),
    markFeedbackReported: db.prepare<[number]>('UPDATE suggestion_feedback SET reported = 1 WHERE id = ?'),
  };

  const toCached = (row: ConversationRow): CachedConversation => ({
    conversation: parse(row.data),
    draft: row.draft,
    unread: row.unread,
    updatedAt: row.updated_at,
  });
  const toOutbox = (r: OutboxRow): OutboxEntry => ({ seq: r.seq, clientMessageId: r.client_message_id, handoffId: r.handoff_id, text: r.text, createdAt: r.created_at });

  return {
    db,
    transaction<T>(fn: () => T): T {
      return db.transaction(fn)();
    },

    /** Stores the conversation and any messages it carries; answers the messages that were new. */
    upsertConversation(view: ConversationView): Message[] {
      const { messages, ...rest } = view;
      s.upsertConversation.run({ handoffId: view.handoffId, data: JSON.stringify(rest), status: view.status, now: new Date().toISOString() });
      const added: Message[] = [];
      for (const m of messages ?? []) if (this.insertMessage(m)) added.push(m);
      return added;
    },
    getConversation(handoffId: string): CachedConversation | undefined {
      const row = s.getConversation.get(handoffId);
      return row ? toCached(row) : undefined;
    },
    listConversations(): CachedConversation[] {
      return s.listConversations.all().map(toCached);
    },
    deleteConversation(handoffId: string): boolean {
      return s.deleteConversation.run(handoffId).changes > 0;
    },
    setDraft(handoffId: string, text: string): boolean {
      return s.setDraft.run(text, handoffId).changes > 0;
    },
    addUnread(handoffId: string, n: number): void {
      s.addUnread.run(n, handoffId);
    },
    clearUnread(handoffId: string): boolean {
      return s.clearUnread.run(handoffId).changes > 0;
    },

    /** Inserts a message once (by id); false when it was already there or its conversation is unknown. */
    insertMessage(m: Message): boolean {
      if (!s.getConversation.get(m.handoffId)) return false;
      const changed = s.insertMessage.run({ id: m.id, handoffId: m.handoffId, clientMessageId: m.clientMessageId ?? null, data: JSON.stringify(m) }).changes > 0;
      if (changed) s.touchConversation.run(new Date().toISOString(), m.handoffId);
      return changed;
    },
    listMessages(handoffId: string): Message[] {
      return s.listMessages.all(handoffId).map((r) => parse<Message>(r.data));
    },
    /** The newest `limit` messages, oldest first, and how many older ones are stored. */
    latestMessages(handoffId: string, limit: number): { messages: Message[]; earlier: number } {
      const rows = s.latestMessages.all(handoffId, limit);
      const first = rows[0];
      return { messages: rows.map((r) => parse<Message>(r.data)), earlier: first ? (s.countBefore.get(handoffId, first.ord)?.n ?? 0) : 0 };
    },
    /** Up to `limit` messages just before the stored message `beforeId`; undefined when that message is unknown. */
    messagesBefore(handoffId: string, beforeId: string, limit: number): { messages: Message[]; earlier: number } | undefined {
      if (!s.messageOrd.get(beforeId, handoffId)) return undefined;
      const rows = s.messagesBefore.all(handoffId, beforeId, handoffId, limit);
      const first = rows[0];
      return { messages: rows.map((r) => parse<Message>(r.data)), earlier: first ? (s.countBefore.get(handoffId, first.ord)?.n ?? 0) : 0 };
    },
    lastMessage(handoffId: string): Message | undefined {
      const r = s.lastMessage.get(handoffId);
      return r ? parse<Message>(r.data) : undefined;
    },

    upsertOffer(offer: Offer): void {
      s.upsertOffer.run(offer.conversation.handoffId, JSON.stringify(offer), offer.expiresAt);
    },
    deleteOffer(handoffId: string): boolean {
      return s.deleteOffer.run(handoffId).changes > 0;
    },
    listOffers(now = new Date()): Offer[] {
      s.pruneOffers.run(now.toISOString());
      return s.listOffers.all(now.toISOString()).map((r) => parse<Offer>(r.data));
    },

    enqueueReply(entry: Omit<OutboxEntry, 'seq'>): void {
      s.enqueue.run(entry.clientMessageId, entry.handoffId, entry.text, entry.createdAt);
    },
    outbox(): OutboxEntry[] {
      return s.outbox.all().map(toOutbox);
    },
    outboxFor(handoffId: string): OutboxEntry[] {
      return s.outboxFor.all(handoffId).map(toOutbox);
    },
    outboxCount(): number {
      return s.outboxCount.get()?.n ?? 0;
    },
    dequeueReply(clientMessageId: string): boolean {
      return s.dequeue.run(clientMessageId).changes > 0;
    },

    getSetting<T>(key: string): T | undefined {
      const r = s.getSetting.get(key);
      return r ? parse<T>(r.value) : undefined;
    },
    setSetting(key: string, value: unknown): void {
      s.setSetting.run(key, JSON.stringify(value));
    },

    lastSeq(): number {
      return s.lastSeq.get()?.last_seq ?? 0;
    },
    setLastSeq(seq: number): void {
      s.setLastSeq.run(seq);
    },
    agent(): AgentProfile | undefined {
      const a = s.lastSeq.get()?.agent;
      return a ? parse<AgentProfile>(a) : undefined;
    },
    setAgent(agent: AgentProfile): void {
      s.setAgent.run(JSON.stringify(agent));
    },
    /** A different hub or token means a different event stream: start over from seq 0. */
    resetLink(): void {
      s.resetLink.run();
    },
    /**
     * Forgets what belonged to the signed-in agent: conversations (with messages, drafts, summaries, suggestions),
     * offers and unsent replies. For a change of hub or token, so the next agent neither sees the previous one's
     * customers nor sends their replies. Answers what was shown (to withdraw it) and how many replies were dropped.
     */
    forgetAgentData(now = new Date()): { handoffIds: string[]; offerIds: string[]; discardedReplies: number } {
      const handoffIds = s.conversationIds.all().map((r) => r.handoff_id);
      const offerIds = s.offerIds.all(now.toISOString()).map((r) => r.handoff_id);
      const discardedReplies = s.forgetOutbox.run().changes;
      s.forgetMessages.run();
      s.forgetConversations.run();
      s.forgetOffers.run();
      return { handoffIds, offerIds, discardedReplies };
    },

    getSummary(handoffId: string): SummaryView | undefined {
      const r = s.getSummary.get(handoffId);
      return r ? parse<SummaryView>(r.data) : undefined;
    },
    putSummary(summary: SummaryView): void {
      if (!s.getConversation.get(summary.handoffId)) return;
      s.putSummary.run(summary.handoffId, JSON.stringify(summary), new Date().toISOString());
    },
    putSuggestions(handoffId: string, requestId: string, provider: string, suggestions: Suggestion[]): void {
      if (!s.getConversation.get(handoffId)) return;
      const now = new Date().toISOString();
      for (const sug of suggestions) s.putSuggestion.run(sug.id, handoffId, requestId, provider, JSON.stringify(sug), now);
    },
    /** Steps the agent ticked or unticked by hand in this conversation's procedure. */
    stepMarks(handoffId: string): StepMark[] {
      return s.stepMarks.all(handoffId).map((r) => ({ articleId: r.article_id, stepId: r.step_id, done: r.done === 1 }));
    },
    /** Records a tick; false when the conversation is not in the cache. */
    putStepMark(handoffId: string, mark: StepMark): boolean {
      if (!s.getConversation.get(handoffId)) return false;
      s.putStepMark.run({ handoffId, articleId: mark.articleId, stepId: mark.stepId, done: mark.done ? 1 : 0, at: new Date().toISOString() });
      return true;
    },
    suggestionProvider(id: string): string | undefined {
      return s.getSuggestion.get(id)?.provider;
    },
    addFeedback(f: { handoffId: string; suggestionId: string; action: string; provider?: string }): void {
      s.addFeedback.run(f.handoffId, f.suggestionId, f.action, f.provider ?? null, new Date().toISOString());
    },
    unreportedFeedback() {
      return s.unreportedFeedback.all().map((r) => ({ id: r.id, handoffId: r.handoff_id, suggestionId: r.suggestion_id, action: r.action, provider: r.provider ?? undefined }));
    },
    markFeedbackReported(id: number): void {
      s.markFeedbackReported.run(id);
    },
  };
}

export type DeskCache = ReturnType<typeof createDeskCache>;
