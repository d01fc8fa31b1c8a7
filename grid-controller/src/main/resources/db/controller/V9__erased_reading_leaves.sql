-- An erased prosumer's signed messages leave settlement_reading (they are personal data), but the
-- readings root of each interval they were in must still be provable for the other meters: their
-- leaf hashes stay here, meaningless without the message they hash.
CREATE TABLE settlement_reading_erased (
    interval_start timestamptz NOT NULL,
    leaf           bytea NOT NULL CHECK (octet_length(leaf) = 32),
    PRIMARY KEY (interval_start, leaf)
);
