// The desk cache's schema, as numbered migrations. Each runs once, in order, inside one transaction that also
// sets `user_version`; never edit a migration that has shipped: add the next one.
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'conversations, messages, offers, outbox, settings, link state',
    sql: `
      CREATE TABLE conversations (
        handoff_id TEXT PRIMARY KEY,
        data TEXT NOT NULL,            -- ConversationView JSON without messages (CRM lives inside)
        status TEXT NOT NULL,
        draft TEXT NOT NULL DEFAULT '',
        unread INTEGER NOT NULL DEFAULT 0,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE TABLE messages (
        id TEXT PRIMARY KEY,
        handoff_id TEXT NOT NULL REFERENCES conversations(handoff_id) ON DELETE CASCADE,
        ord INTEGER NOT NULL,
        client_message_id TEXT,
        data TEXT NOT NULL
      ) STRICT;
      CREATE INDEX messages_by_conversation ON messages(handoff_id, ord);
      CREATE TABLE offers (
        handoff_id TEXT PRIMARY KEY,
        data TEXT NOT NULL,
        expires_at TEXT NOT NULL
      ) STRICT;
      -- Replies written by the agent, kept until the hub acknowledges them; seq is the delivery order.
      CREATE TABLE outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        client_message_id TEXT NOT NULL UNIQUE,
        handoff_id TEXT NOT NULL,
        text TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;
      CREATE TABLE link_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        last_seq INTEGER NOT NULL,
        agent TEXT
      ) STRICT;
      INSERT INTO link_state (id, last_seq, agent) VALUES (1, 0, NULL);
    `,
  },
  {
    version: 2,
    name: 'summaries, suggestions and their feedback',
    sql: `
      CREATE TABLE summaries (
        handoff_id TEXT PRIMARY KEY REFERENCES conversations(handoff_id) ON DELETE CASCADE,
        data TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE TABLE suggestions (
        id TEXT PRIMARY KEY,
        handoff_id TEXT NOT NULL REFERENCES conversations(handoff_id) ON DELETE CASCADE,
        request_id TEXT NOT NULL,
        provider TEXT NOT NULL,
        data TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX suggestions_by_conversation ON suggestions(handoff_id, created_at);
      -- Feedback outlives the conversation in the cache: it is reported to the hub for the acceptance KPI.
      CREATE TABLE suggestion_feedback (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        handoff_id TEXT NOT NULL,
        suggestion_id TEXT NOT NULL,
        action TEXT NOT NULL CHECK (action IN ('inserted', 'edited', 'dismissed')),
        provider TEXT,
        at TEXT NOT NULL,
        reported INTEGER NOT NULL DEFAULT 0
      ) STRICT;
    `,
  },
  {
    version: 3,
    name: 'knowledge base with word and trigram full-text indexes',
    sql: `
      CREATE TABLE kb_articles (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        body TEXT NOT NULL,
        category TEXT NOT NULL,
        language TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX kb_articles_by_updated ON kb_articles(updated_at);
      -- Word index: bm25 ranking and prefix queries while the agent types.
      CREATE VIRTUAL TABLE kb_fts USING fts5(
        title, body, content='kb_articles', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
      );
      -- Trigram index: partial words inside words ("fund" finds "refund").
      CREATE VIRTUAL TABLE kb_trigram USING fts5(
        title, body, content='kb_articles', content_rowid='rowid', tokenize='trigram'
      );
      CREATE TRIGGER kb_articles_ai AFTER INSERT ON kb_articles BEGIN
        INSERT INTO kb_fts(rowid, title, body) VALUES (new.rowid, new.title, new.body);
        INSERT INTO kb_trigram(rowid, title, body) VALUES (new.rowid, new.title, new.body);
      END;
      CREATE TRIGGER kb_articles_ad AFTER DELETE ON kb_articles BEGIN
        INSERT INTO kb_fts(kb_fts, rowid, title, body) VALUES ('delete', old.rowid, old.title, old.body);
        INSERT INTO kb_trigram(kb_trigram, rowid, title, body) VALUES ('delete', old.rowid, old.title, old.body);
      END;
      CREATE TRIGGER kb_articles_au AFTER UPDATE ON kb_articles BEGIN
        INSERT INTO kb_fts(kb_fts, rowid, title, body) VALUES ('delete', old.rowid, old.title, old.body);
        INSERT INTO kb_trigram(kb_trigram, rowid, title, body) VALUES ('delete', old.rowid, old.title, old.body);
        INSERT INTO kb_fts(rowid, title, body) VALUES (new.rowid, new.title, new.body);
        INSERT INTO kb_trigram(rowid, title, body) VALUES (new.rowid, new.title, new.body);
      END;
    `,
  },
  {
    version: 4,
    name: 'procedure steps on knowledge-base articles, and the steps an agent ticked',
    sql: `
      -- JSON arrays (ProcedureStep[], string[]), as the hub sends them; not full-text indexed.
      ALTER TABLE kb_articles ADD COLUMN steps TEXT NOT NULL DEFAULT '[]';
      ALTER TABLE kb_articles ADD COLUMN asked_as TEXT NOT NULL DEFAULT '[]';
      -- A step the agent ticked or unticked by hand in the procedure panel; the latest mark wins.
      CREATE TABLE step_marks (
        handoff_id TEXT NOT NULL REFERENCES conversations(handoff_id) ON DELETE CASCADE,
        article_id TEXT NOT NULL,
        step_id TEXT NOT NULL,
        done INTEGER NOT NULL CHECK (done IN (0, 1)),
        at TEXT NOT NULL,
        PRIMARY KEY (handoff_id, article_id, step_id)
      ) STRICT;
    `,
  },
  {
    version: 5,
    name: 'knowledge base: porter-stemmed word index, trigram on titles only, vocabulary view',
    sql: `
      -- Body trigrams were most of the disk and build time; typos are now rewritten from the word index's
      -- vocabulary instead, and partial words are looked up in titles only. steps and asked_as stay on kb_articles.
      DROP TRIGGER kb_articles_ai;
      DROP TRIGGER kb_articles_ad;
      DROP TRIGGER kb_articles_au;
      DROP TABLE kb_fts;
      DROP TABLE kb_trigram;
      CREATE VIRTUAL TABLE kb_fts USING fts5(
        title, body, content='kb_articles', content_rowid='rowid', tokenize='porter unicode61 remove_diacritics 2'
      );
      CREATE VIRTUAL TABLE kb_title_trigram USING fts5(
        title, content='kb_articles', content_rowid='rowid', tokenize='trigram'
      );
      -- Indexed (stemmed) terms and their document counts: the typo rewrite's dictionary.
      CREATE VIRTUAL TABLE kb_vocab USING fts5vocab(kb_fts, 'row');
      CREATE TRIGGER kb_articles_ai AFTER INSERT ON kb_articles BEGIN
        INSERT INTO kb_fts(rowid, title, body) VALUES (new.rowid, new.title, new.body);
        INSERT INTO kb_title_trigram(rowid, title) VALUES (new.rowid, new.title);
      END;
      CREATE TRIGGER kb_articles_ad AFTER DELETE ON kb_articles BEGIN
        INSERT INTO kb_fts(kb_fts, rowid, title, body) VALUES ('delete', old.rowid, old.title, old.body);
        INSERT INTO kb_title_trigram(kb_title_trigram, rowid, title) VALUES ('delete', old.rowid, old.title);
      END;
      CREATE TRIGGER kb_articles_au AFTER UPDATE OF title, body ON kb_articles BEGIN
        INSERT INTO kb_fts(kb_fts, rowid, title, body) VALUES ('delete', old.rowid, old.title, old.body);
        INSERT INTO kb_title_trigram(kb_title_trigram, rowid, title) VALUES ('delete', old.rowid, old.title);
        INSERT INTO kb_fts(rowid, title, body) VALUES (new.rowid, new.title, new.body);
        INSERT INTO kb_title_trigram(rowid, title) VALUES (new.rowid, new.title);
      END;
      INSERT INTO kb_fts(kb_fts) VALUES ('rebuild');
      INSERT INTO kb_title_trigram(kb_title_trigram) VALUES ('rebuild');
    `,
  },
  {
    version: 6,
    name: 'knowledge base: a word index of titles alone',
    sql: `
      -- A query over common words cannot afford bm25 over every match at 50,000 articles; it first asks for the
      -- articles with its words in the title. Title doclists are a few per cent of kb_fts's, so that is cheap.
      CREATE VIRTUAL TABLE kb_title_fts USING fts5(
        title, content='kb_articles', content_rowid='rowid', tokenize='porter unicode61 remove_diacritics 2'
      );
      DROP TRIGGER kb_articles_ai;
      DROP TRIGGER kb_articles_ad;
      DROP TRIGGER kb_articles_au;
      CREATE TRIGGER kb_articles_ai AFTER INSERT ON kb_articles BEGIN
        INSERT INTO kb_fts(rowid, title, body) VALUES (new.rowid, new.title, new.body);
        INSERT INTO kb_title_trigram(rowid, title) VALUES (new.rowid, new.title);
        INSERT INTO kb_title_fts(rowid, title) VALUES (new.rowid, new.title);
      END;
      CREATE TRIGGER kb_articles_ad AFTER DELETE ON kb_articles BEGIN
        INSERT INTO kb_fts(kb_fts, rowid, title, body) VALUES ('delete', old.rowid, old.title, old.body);
        INSERT INTO kb_title_trigram(kb_title_trigram, rowid, title) VALUES ('delete', old.rowid, old.title);
        INSERT INTO kb_title_fts(kb_title_fts, rowid, title) VALUES ('delete', old.rowid, old.title);
      END;
      CREATE TRIGGER kb_articles_au AFTER UPDATE OF title, body ON kb_articles BEGIN
        INSERT INTO kb_fts(kb_fts, rowid, title, body) VALUES ('delete', old.rowid, old.title, old.body);
        INSERT INTO kb_title_trigram(kb_title_trigram, rowid, title) VALUES ('delete', old.rowid, old.title);
        INSERT INTO kb_title_fts(kb_title_fts, rowid, title) VALUES ('delete', old.rowid, old.title);
        INSERT INTO kb_fts(rowid, title, body) VALUES (new.rowid, new.title, new.body);
        INSERT INTO kb_title_trigram(rowid, title) VALUES (new.rowid, new.title);
        INSERT INTO kb_title_fts(rowid, title) VALUES (new.rowid, new.title);
      END;
      INSERT INTO kb_title_fts(kb_title_fts) VALUES ('rebuild');
    `,
  },
];
