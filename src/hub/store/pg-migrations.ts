// The hub's PostgreSQL schema as numbered migrations, applied in order at start (see pg-store.ts: under an
// advisory lock, each in one transaction with its row in baton_schema). The columns and their encodings are the
// SQLite store's (rows.ts reads both), so version 1 is SQLite's schema as of its version 6. Never edit a
// migration that has shipped — add the next number instead.
import type { Migration } from './migrations';

export const pgMigrations: Migration[] = [
  {
    version: 1,
    name: 'initial (the SQLite schema at its version 6)',
    sql: `
      CREATE TABLE agents (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        role TEXT NOT NULL,
        skills TEXT NOT NULL,
        capacity INTEGER NOT NULL,
        status TEXT NOT NULL,
        token_hash TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        token_expires_at TEXT
      );

      CREATE TABLE handoffs (
        id TEXT PRIMARY KEY,
        n BIGSERIAL,
        conversation_id TEXT NOT NULL,
        customer_id TEXT NOT NULL,
        source TEXT NOT NULL,
        request TEXT NOT NULL,
        trigger TEXT NOT NULL,
        queue TEXT NOT NULL,
        skills TEXT NOT NULL,
        vip INTEGER NOT NULL,
        frustrated INTEGER NOT NULL,
        status TEXT NOT NULL,
        created_at TEXT NOT NULL,
        queued_at TEXT NOT NULL,
        offered_to TEXT,
        offer_expires_at TEXT,
        preferred_agent_id TEXT,
        agent_id TEXT,
        accepted_at TEXT,
        first_accepted_at TEXT,
        human_contacts INTEGER NOT NULL DEFAULT 0,
        ended_at TEXT,
        end_reason TEXT,
        resolution TEXT,
        disposition TEXT,
        notes TEXT,
        csat_score INTEGER,
        csat_comment TEXT,
        last_told_position INTEGER,
        last_told_text TEXT,
        last_told_at TEXT,
        callback_url TEXT
      );
      CREATE INDEX handoffs_by_conversation ON handoffs(conversation_id, created_at);
      CREATE INDEX handoffs_by_customer ON handoffs(customer_id, created_at);
      CREATE INDEX handoffs_by_queue_answered ON handoffs(queue, first_accepted_at) WHERE first_accepted_at IS NOT NULL;
      CREATE INDEX handoffs_open ON handoffs(status, created_at) WHERE status IN ('queued', 'offered', 'active');
      CREATE INDEX handoffs_by_created ON handoffs(created_at);

      CREATE TABLE messages (
        id TEXT PRIMARY KEY,
        handoff_id TEXT NOT NULL REFERENCES handoffs(id),
        n INTEGER NOT NULL,
        role TEXT NOT NULL,
        text TEXT NOT NULL,
        at TEXT NOT NULL,
        client_message_id TEXT,
        author_name TEXT,
        before_handoff INTEGER NOT NULL,
        UNIQUE (handoff_id, n)
      );
      CREATE UNIQUE INDEX messages_by_client_id ON messages(handoff_id, role, client_message_id) WHERE client_message_id IS NOT NULL;

      -- The head of every event stream (per agent, per conversation): the row lock on it orders concurrent
      -- appenders, so sequence numbers are dense and commit in order, whichever hub process writes them.
      CREATE TABLE event_heads (
        stream TEXT PRIMARY KEY,
        seq INTEGER NOT NULL
      );

      CREATE TABLE customer_events (
        conversation_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        handoff_id TEXT NOT NULL REFERENCES handoffs(id),
        type TEXT NOT NULL,
        at TEXT NOT NULL,
        body TEXT NOT NULL,
        PRIMARY KEY (conversation_id, seq)
      );
      CREATE INDEX customer_events_by_handoff ON customer_events(handoff_id, type);

      CREATE TABLE agent_events (
        agent_id TEXT NOT NULL REFERENCES agents(id),
        seq INTEGER NOT NULL,
        at TEXT NOT NULL,
        body TEXT NOT NULL,
        PRIMARY KEY (agent_id, seq)
      );

      CREATE TABLE declines (
        handoff_id TEXT NOT NULL REFERENCES handoffs(id),
        agent_id TEXT NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (handoff_id, agent_id)
      );

      CREATE TABLE suggestion_feedback (
        id BIGSERIAL PRIMARY KEY,
        handoff_id TEXT NOT NULL REFERENCES handoffs(id),
        agent_id TEXT NOT NULL,
        suggestion_id TEXT NOT NULL,
        action TEXT NOT NULL,
        provider TEXT,
        at TEXT NOT NULL
      );
      CREATE UNIQUE INDEX suggestion_feedback_once ON suggestion_feedback(handoff_id, suggestion_id, action);

      CREATE TABLE handoff_holders (
        handoff_id TEXT NOT NULL REFERENCES handoffs(id),
        agent_id TEXT NOT NULL,
        since TEXT NOT NULL,
        PRIMARY KEY (handoff_id, agent_id)
      );

      CREATE TABLE kb_articles (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        body TEXT NOT NULL,
        category TEXT NOT NULL,
        language TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        steps TEXT NOT NULL DEFAULT '[]',
        asked_as TEXT NOT NULL DEFAULT '[]'
      );
      CREATE INDEX kb_articles_by_updated ON kb_articles(updated_at);

      CREATE TABLE bots (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE bot_keys (
        key_hash TEXT PRIMARY KEY,
        bot_id TEXT NOT NULL REFERENCES bots(id),
        created_at TEXT NOT NULL,
        revoked_at TEXT
      );
      CREATE TABLE conversation_bots (
        conversation_id TEXT PRIMARY KEY,
        bot_id TEXT NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'where the routing lease holder listens',
    // The holder of the routing lease (an advisory lock, see cluster/routing-lease.ts) writes its address here, so
    // standby processes can forward the connections they accept to it. One row; stale once its holder died, which
    // is why standbys only ever forward while the lease is held by someone else.
    sql: `
      CREATE TABLE hub_lease (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        address TEXT NOT NULL,
        since TEXT NOT NULL
      );
    `,
  },
  {
    version: 3,
    name: 'an index for the handle times read by every wait estimate',
    // Average handle time reads a queue's most recently ended, answered hand-offs; without this it sorted the
    // queue's whole history (SQLite's migration 7 adds the same).
    sql: `
      CREATE INDEX IF NOT EXISTS handoffs_by_queue_ended ON handoffs(queue, ended_at) WHERE first_accepted_at IS NOT NULL AND ended_at IS NOT NULL;
    `,
  },
  {
    version: 4,
    name: 'when an absent agent\'s conversations go back to the queue',
    // As SQLite's migration 8: the reconnect grace is a stored deadline, which the node that takes the routing
    // over (or a restarted hub) keeps.
    sql: `
      ALTER TABLE agents ADD COLUMN grace_until TEXT;
    `,
  },
];
