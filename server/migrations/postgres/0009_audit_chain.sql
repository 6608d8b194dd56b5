-- The audit log's hash chain (../sqlite/0009_audit_chain.sql). Append-only like the log.
CREATE TABLE audit_chain (
    audit_id  BIGINT PRIMARY KEY REFERENCES audit_log (id),
    hash      TEXT NOT NULL
);
CREATE TRIGGER audit_chain_no_update BEFORE UPDATE ON audit_chain
    FOR EACH ROW EXECUTE FUNCTION portal_append_only();
CREATE TRIGGER audit_chain_no_delete BEFORE DELETE ON audit_chain
    FOR EACH ROW EXECUTE FUNCTION portal_append_only();
