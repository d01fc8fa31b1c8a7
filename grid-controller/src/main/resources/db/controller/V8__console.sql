-- The web console (issue #7): users, the audit of operator actions, acknowledged alarms, and the
-- operator's standing controls (market pause, site curtailments).
CREATE TABLE console_user (
    name          text PRIMARY KEY CHECK (name ~ '^[A-Za-z0-9._@-]{1,64}$'),
    role          text NOT NULL CHECK (role IN ('operator', 'viewer', 'prosumer')),
    site_id       text,
    password_hash text NOT NULL,
    created_at    timestamptz NOT NULL,
    disabled      boolean NOT NULL DEFAULT false,
    CHECK ((role = 'prosumer') = (site_id IS NOT NULL))
);

CREATE TABLE audit (
    id        bigserial PRIMARY KEY,
    at        timestamptz NOT NULL,
    user_name text NOT NULL,
    role      text NOT NULL,
    action    text NOT NULL,
    subject   text NOT NULL,
    reason    text NOT NULL,
    detail    jsonb NOT NULL
);
CREATE INDEX audit_at ON audit (at DESC);

ALTER TABLE alarm
    ADD COLUMN acknowledged_at timestamptz,
    ADD COLUMN acknowledged_by text,
    ADD COLUMN ack_comment     text;

CREATE TABLE control_state (
    id            integer PRIMARY KEY CHECK (id = 1),
    market_paused boolean NOT NULL,
    updated_at    timestamptz NOT NULL,
    updated_by    text NOT NULL
);

CREATE TABLE curtailment (
    site_id        text PRIMARY KEY,
    pv_curtail_pct double precision NOT NULL CHECK (pv_curtail_pct >= 0 AND pv_curtail_pct <= 100),
    until          timestamptz NOT NULL,
    set_by         text NOT NULL,
    reason         text NOT NULL
);
