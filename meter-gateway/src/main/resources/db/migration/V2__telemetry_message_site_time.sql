-- The controller's settlement (#6) reads the signed messages of an interval's traded sites:
--   WHERE site_id = ANY($1) AND last_ts >= $2 AND first_ts <= $3
-- Without this index that is a scan of every message ever stored; with it, a range per site.
-- (A message's samples span at most one message period, so last_ts bounds the range closely.)
CREATE INDEX telemetry_message_site_time ON telemetry_message (site_id, last_ts);
