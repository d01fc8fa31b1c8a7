-- The controller's live view (issue #7) reads the messages stored since its last look, several
-- times a second: by the time they were stored, not by the meters' own clocks.
CREATE INDEX telemetry_message_stored ON telemetry_message (stored_at);
