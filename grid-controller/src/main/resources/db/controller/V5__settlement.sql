-- On-chain settlement (issue #6, ADR 0013).

-- The settlement contract this controller settles on (one row; deployed by the controller when
-- none is configured, so a restart finds it again).
CREATE TABLE settlement_contract (
    id          smallint PRIMARY KEY CHECK (id = 1),
    address     text NOT NULL,
    chain_id    bigint NOT NULL,
    deployed_at timestamptz NOT NULL
);

-- A site's chain account and its index in the contract's registry (NULL until registered).
CREATE TABLE settlement_participant (
    site_id       text PRIMARY KEY,
    account       text NOT NULL UNIQUE,
    chain_index   integer UNIQUE CHECK (chain_index > 0),
    registered_at timestamptz
);

-- The outbox: one row per (interval, part) to commit, with the exact calldata; the signed
-- transaction and its nonce are stored before it is sent.
CREATE TABLE settlement_part (
    interval_start timestamptz NOT NULL,
    part           integer NOT NULL CHECK (part >= 0),
    parts          integer NOT NULL CHECK (parts >= 1 AND part < parts),
    trades_root    text NOT NULL,
    readings_root  text NOT NULL,
    trades         integer NOT NULL,
    calldata       bytea NOT NULL,
    status         text NOT NULL CHECK (status IN ('pending', 'signed', 'settled', 'failed')),
    nonce          bigint,
    tx_hash        text,
    signed_tx      bytea,
    block          bigint,
    error          text,
    built_at       timestamptz NOT NULL,
    settled_at     timestamptz,
    PRIMARY KEY (interval_start, part)
);
CREATE INDEX settlement_part_open ON settlement_part (interval_start, part) WHERE status <> 'settled';
