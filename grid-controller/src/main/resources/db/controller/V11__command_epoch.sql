-- Which leader sent a setpoint (issue #9, ADR 0018): commands are stored behind the epoch fence
-- before they are published; NULL before leader election or with it off.
ALTER TABLE command ADD COLUMN epoch bigint;
ALTER TABLE command ADD COLUMN sent_by text;
