// The hub's SQLite schema as numbered migrations. Applied in order, each set in one transaction with
// `user_version`; never edit a migration that has shipped — add the next number instead.

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: Migration[] = [
  {
    version: 1,
    name: 'initial',
    sql: `
      CREATE TABLE agents (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        role TEXT NOT NULL,
        skills TEXT NOT NULL,
        capacity INTEGER NOT NULL,
        status TEXT NOT NULL,
        token_hash TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE handoffs (
        id TEXT PRIMARY KEY,
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
        callback_url TEXT
      ) STRICT;
      CREATE INDEX handoffs_by_conversation ON handoffs(conversation_id, created_at);
      CREATE INDEX handoffs_by_status ON handoffs(status);
      CREATE INDEX handoffs_by_customer ON handoffs(customer_id, created_at);

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
      ) STRICT;
      CREATE UNIQUE INDEX messages_by_client_id ON messages(handoff_id, role, client_message_id) WHERE client_message_id IS NOT NULL;

      CREATE TABLE customer_events (
        conversation_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        handoff_id TEXT NOT NULL REFERENCES handoffs(id),
        type TEXT NOT NULL,
        at TEXT NOT NULL,
        body TEXT NOT NULL,
        PRIMARY KEY (conversation_id, seq)
      ) STRICT;
      CREATE INDEX customer_events_by_handoff ON customer_events(handoff_id, type);

      CREATE TABLE agent_events (
        agent_id TEXT NOT NULL REFERENCES agents(id),
        seq INTEGER NOT NULL,
        at TEXT NOT NULL,
        body TEXT NOT NULL,
        PRIMARY KEY (agent_id, seq)
      ) STRICT;

      CREATE TABLE declines (
        handoff_id TEXT NOT NULL REFERENCES handoffs(id),
        agent_id TEXT NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (handoff_id, agent_id)
      ) STRICT;

      CREATE TABLE suggestion_feedback (
        id INTEGER PRIMARY KEY,
        handoff_id TEXT NOT NULL REFERENCES handoffs(id),
        agent_id TEXT NOT NULL,
        suggestion_id TEXT NOT NULL,
        action TEXT NOT NULL,
        provider TEXT,
        at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE kb_articles (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        body TEXT NOT NULL,
        category TEXT NOT NULL,
        language TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX kb_articles_by_updated ON kb_articles(updated_at);
        `,
  },
  {
    version: 2,
    name: 'suggestion feedback once per suggestion and action',
    // A desk that retries a report after a lost acknowledgement must not count the same rating twice: keep the
    // first of any duplicates already stored, then let the unique index refuse the rest.
    sql: `
      DELETE FROM suggestion_feedback WHERE id NOT IN (
        SELECT MIN(id) FROM suggestion_feedback GROUP BY handoff_id, suggestion_id, action
      );
      CREATE UNIQUE INDEX suggestion_feedback_once ON suggestion_feedback(handoff_id, suggestion_id, action);
    `,
  },
  {
    version: 3,
    name: 'who held each hand-off',
    // Everyone who ever held a hand-off, not only its current holder: an agent who transferred a conversation may
    // still rate the suggestions they saw in it. Hand-offs held before this version know only their last holder.
    sql: `
      CREATE TABLE handoff_holders (
        handoff_id TEXT NOT NULL REFERENCES handoffs(id),
        agent_id TEXT NOT NULL,
        since TEXT NOT NULL,
        PRIMARY KEY (handoff_id, agent_id)
      ) STRICT;
      INSERT INTO handoff_holders (handoff_id, agent_id, since)
        SELECT id, agent_id, COALESCE(accepted_at, created_at) FROM handoffs WHERE agent_id IS NOT NULL;
    `,
  },
  {
    version: 4,
    name: 'procedure steps and customer phrasings on knowledge-base articles',
    // JSON arrays (ProcedureStep[], string[]); empty for articles imported before procedures existed.
    sql: `
      ALTER TABLE kb_articles ADD COLUMN steps TEXT NOT NULL DEFAULT '[]';
      ALTER TABLE kb_articles ADD COLUMN asked_as TEXT NOT NULL DEFAULT '[]';
    `,
  },
  {
    version: 5,
    name: 'agent token expiry; bots as named principals',
    // Token expiry is optional: tokens issued before this version, or without --expires, never expire.
    // Bots with several keys (rotation), and which bot handed each conversation off. Conversations handed off
    // before this version have no owner and stay reachable by any bot key.
    sql: `
      ALTER TABLE agents ADD COLUMN token_expires_at TEXT;
      CREATE TABLE bots (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE TABLE bot_keys (
        key_hash TEXT PRIMARY KEY,
        bot_id TEXT NOT NULL REFERENCES bots(id),
        created_at TEXT NOT NULL,
        revoked_at TEXT
      ) STRICT;
      CREATE TABLE conversation_bots (
        conversation_id TEXT PRIMARY KEY,
        bot_id TEXT NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 6,
    name: 'when a waiting customer was last told their place',
    // The router re-tells a waiting customer at most once per interval; the time of the last telling survives a
    // restart with the rest of the queue. The partial index lets the router load the open hand-offs at start
    // without reading closed ones.
    sql: `
      ALTER TABLE handoffs ADD COLUMN last_told_at TEXT;
      CREATE INDEX IF NOT EXISTS handoffs_open ON handoffs(status, created_at) WHERE status IN ('queued', 'offered', 'active');
    `,
  },
  {
    version: 7,
    name: 'indexes for the figures read while hand-offs flow',
    // The supervisors' queue figures count the last hour's hand-offs several times a second, and every wait
    // estimate reads a queue's latest answers and handle times. Without these indexes each of those read the whole
    // history of hand-offs, so their cost grew with every day the hub ran (PostgreSQL's schema has had them from
    // its first version). The index on status alone goes: only open statuses are ever listed, which the partial
    // handoffs_open index serves, and it cost a page write on every status change (PostgreSQL never had it).
    sql: `
      DROP INDEX IF EXISTS handoffs_by_status;
      CREATE INDEX IF NOT EXISTS handoffs_by_created ON handoffs(created_at);
      CREATE INDEX IF NOT EXISTS handoffs_by_queue_answered ON handoffs(queue, first_accepted_at) WHERE first_accepted_at IS NOT NULL;
      CREATE INDEX IF NOT EXISTS handoffs_by_queue_ended ON handoffs(queue, ended_at) WHERE first_accepted_at IS NOT NULL AND ended_at IS NOT NULL;
    `,
  },
  {
    version: 8,
    name: 'when an absent agent\'s conversations go back to the queue',
    // The reconnect grace of an agent who dropped while holding conversations is a stored deadline, so a hub that
    // restarts (or, in a cluster, the node that takes the routing over) requeues them on time, not a full grace
    // period later.
    sql: `
      ALTER TABLE agents ADD COLUMN grace_until TEXT;
    `,
  },
];
