-- The signed telemetry messages an interval's readings root commits to (issue #6, ADR 0013),
-- stored with its outbox rows so the root can be proved later whatever arrives afterwards.
CREATE TABLE settlement_reading (
    interval_start timestamptz NOT NULL,
    meter_id       text NOT NULL,
    seq            bigint NOT NULL,
    signature      bytea NOT NULL,
    PRIMARY KEY (interval_start, meter_id, seq)
);
