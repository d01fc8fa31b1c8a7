-- Gateway instances sharing one broker and database (shared subscriptions): each writes a
-- heartbeat; a live instance claims a dead one and takes over its MQTT sessions (docs/adr/0019).
CREATE TABLE gateway_instance (
    instance_id   text PRIMARY KEY,
    heartbeat_at  timestamptz NOT NULL,
    adopted_by    text,
    adopted_until timestamptz
);
