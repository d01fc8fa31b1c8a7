-- Leader election (issue #9, ADR 0017): one controller dispatches, clears and settles.

-- The database lease (gridweave.controller.leader.mode=database): acquired and renewed by one
-- conditional INSERT .. ON CONFLICT DO UPDATE stamped with the database's own now(), so the
-- candidates' clocks never matter. epoch grows with every acquisition (a fencing token).
CREATE TABLE leader_lease (
    name        text PRIMARY KEY,
    holder      text NOT NULL,
    epoch       bigint NOT NULL CHECK (epoch >= 1),
    acquired_at timestamptz NOT NULL,
    renewed_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL
);

-- The fence (every mode but off): the epoch of the newest leader. A new leader advances it before
-- it acts; every write that must happen once (a decision, a clearing, statements, a settlement
-- pass) first reads its own epoch here FOR SHARE in the same transaction, so a deposed leader's
-- write is refused and a new leader's advance waits for the one in flight.
CREATE TABLE leader_fence (
    name   text PRIMARY KEY,
    epoch  bigint NOT NULL CHECK (epoch >= 1),
    holder text NOT NULL,
    since  timestamptz NOT NULL
);

-- Who decided, cleared, checked and built what (NULL: before leader election, or mode off).
ALTER TABLE decision ADD COLUMN epoch bigint;
ALTER TABLE decision ADD COLUMN decided_by text;
ALTER TABLE clearing ADD COLUMN epoch bigint;
ALTER TABLE clearing ADD COLUMN cleared_by text;
ALTER TABLE clearing ADD COLUMN checked_epoch bigint;
ALTER TABLE settlement_part ADD COLUMN built_epoch bigint;
