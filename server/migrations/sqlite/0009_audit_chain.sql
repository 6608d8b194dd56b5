-- A hash chain over the audit log: each sealed row's hash covers the row and the hash before it,
-- so a row changed or removed behind the server's back (editing the file) breaks the chain from
-- there on (`portal audit verify`). Append-only like the log.
CREATE TABLE audit_chain (
    audit_id  INTEGER PRIMARY KEY REFERENCES audit_log (id),
    hash      TEXT NOT NULL
);
CREATE TRIGGER audit_chain_no_update BEFORE UPDATE ON audit_chain
BEGIN
    SELECT RAISE(ABORT, 'audit_chain is append-only');
END;
CREATE TRIGGER audit_chain_no_delete BEFORE DELETE ON audit_chain
BEGIN
    SELECT RAISE(ABORT, 'audit_chain is append-only');
END;
