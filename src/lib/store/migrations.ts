/**
 * Schema migrations, applied in order at start-up inside one transaction each. Append new ones;
 * never edit a migration that has shipped, because stores in the field already ran it.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'audit events',
    sql: `
      CREATE TABLE audit_events (
        seq              INTEGER PRIMARY KEY AUTOINCREMENT,
        event_id         TEXT NOT NULL UNIQUE,
        occurred_at      TEXT NOT NULL,
        actor_team_id    TEXT,
        actor_user_id    TEXT,
        action           TEXT NOT NULL,
        targets          TEXT NOT NULL,
        outcome          TEXT NOT NULL,
        details          TEXT NOT NULL,
        approval_id      TEXT,
        wix_request_id   TEXT,
        prev_hash        TEXT NOT NULL,
        hash             TEXT NOT NULL,
        delivered_at     TEXT,
        delivery_ts      TEXT
      );
      CREATE INDEX audit_events_undelivered ON audit_events (seq) WHERE delivered_at IS NULL;
      CREATE INDEX audit_events_action ON audit_events (action, seq);
      CREATE INDEX audit_events_actor ON audit_events (actor_user_id, seq);
    `,
  },
  {
    version: 2,
    name: 'approval requests',
    sql: `
      CREATE TABLE approval_requests (
        id                 TEXT PRIMARY KEY,
        action             TEXT NOT NULL,
        state              TEXT NOT NULL,
        requester_team_id  TEXT NOT NULL,
        requester_user_id  TEXT NOT NULL,
        params             TEXT NOT NULL,
        snapshot           TEXT NOT NULL,
        reason             TEXT NOT NULL,
        required           INTEGER NOT NULL,
        created_at         TEXT NOT NULL,
        expires_at         TEXT NOT NULL,
        updated_at         TEXT NOT NULL,
        decided_by         TEXT,
        decided_at         TEXT,
        deny_reason        TEXT,
        card_channel       TEXT,
        card_ts            TEXT,
        result             TEXT
      );
      CREATE INDEX approval_requests_state ON approval_requests (state, expires_at);
      CREATE TABLE approval_votes (
        request_id  TEXT NOT NULL REFERENCES approval_requests (id),
        user_id     TEXT NOT NULL,
        team_id     TEXT NOT NULL,
        decision    TEXT NOT NULL,
        decided_at  TEXT NOT NULL,
        PRIMARY KEY (request_id, user_id)
      );
    `,
  },
  {
    version: 3,
    name: 'approval request approvers',
    // The users and groups that the policy named as approvers when the request was made. The card
    // shows them, but each click is checked against the policy that is loaded at that moment.
    sql: `
      ALTER TABLE approval_requests ADD COLUMN approvers TEXT NOT NULL DEFAULT '[]';
      CREATE INDEX approval_requests_requester ON approval_requests (requester_user_id, state);
    `,
  },
  {
    version: 4,
    name: 'leases',
    // One row per job that only one bot process may run at a time (the audit outbox sender), so
    // two processes on one DATA_DIR do not post the same audit events twice.
    sql: `
      CREATE TABLE leases (
        name        TEXT PRIMARY KEY,
        owner       TEXT NOT NULL,
        expires_at  INTEGER NOT NULL
      );
    `,
  },
  {
    version: 5,
    name: 'claimed submissions',
    // Keys of modal submissions already acted on (the view id), so a double submit or a repeated
    // delivery of the same view is acted on once, across processes.
    sql: `
      CREATE TABLE claimed_submissions (
        key         TEXT PRIMARY KEY,
        claimed_at  TEXT NOT NULL
      );
    `,
  },
];
