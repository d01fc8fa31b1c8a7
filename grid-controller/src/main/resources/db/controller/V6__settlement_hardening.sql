-- Settlement after review (issue #6, ADR 0013): where to look for a part's log, and the key that
-- makes site references on chain unlinkable to site ids without it.
ALTER TABLE settlement_part ADD COLUMN built_block bigint NOT NULL DEFAULT 0;
ALTER TABLE settlement_contract ADD COLUMN site_ref_key bytea;
