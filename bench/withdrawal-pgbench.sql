-- Set-up of bench/withdrawal.pgbench (run by bench/channel.sh before pgbench, dropped after it): the tables a
-- withdrawal submission writes, copied into schema hpf_pgbench (columns, defaults, checks, indexes and triggers; no
-- foreign keys; the balances and the audit chain head with their rows), so pgbench commits real writes without
-- touching the platform's books, audit chain or applications. Reads go to the platform's own tables.
SET client_min_messages = warning;
DROP SCHEMA IF EXISTS hpf_pgbench CASCADE;
CREATE SCHEMA hpf_pgbench;
CREATE TABLE hpf_pgbench.withdrawal_application (LIKE public.withdrawal_application INCLUDING ALL);
CREATE TABLE hpf_pgbench.ledger_transaction (LIKE public.ledger_transaction INCLUDING ALL);
CREATE TABLE hpf_pgbench.ledger_entry (LIKE public.ledger_entry INCLUDING ALL);
CREATE TABLE hpf_pgbench.ledger_balance (LIKE public.ledger_balance INCLUDING ALL);
CREATE TABLE hpf_pgbench.settlement_instruction (LIKE public.settlement_instruction INCLUDING ALL);
CREATE TABLE hpf_pgbench.audit_log (LIKE public.audit_log INCLUDING ALL);
CREATE TABLE hpf_pgbench.audit_chain_head (LIKE public.audit_chain_head INCLUDING ALL);
CREATE TABLE hpf_pgbench.idempotency_record (LIKE public.idempotency_record INCLUDING ALL);
INSERT INTO hpf_pgbench.ledger_balance SELECT * FROM public.ledger_balance;
INSERT INTO hpf_pgbench.audit_chain_head SELECT * FROM public.audit_chain_head;
CREATE SEQUENCE hpf_pgbench.withdrawal_number START 100000001;
CREATE SEQUENCE hpf_pgbench.audit_log_seq START 1000000000;
DO $$
DECLARE r record;
BEGIN
  -- pgbench draws members at random, so one may come twice: the one-in-flight index is kept, but not unique.
  FOR r IN SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'hpf_pgbench'
      AND tablename = 'withdrawal_application' AND indexdef LIKE 'CREATE UNIQUE%' AND indexdef LIKE '%(person_id, reason)%' LOOP
    EXECUTE 'DROP INDEX hpf_pgbench.' || quote_ident(r.indexname);
    EXECUTE replace(r.indexdef, 'CREATE UNIQUE INDEX', 'CREATE INDEX');
  END LOOP;
  -- The same triggers (append-only, balanced postings) on the copies.
  FOR r IN SELECT pg_get_triggerdef(t.oid) AS def, c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace WHERE NOT t.tgisinternal AND n.nspname = 'public'
      AND c.relname IN ('withdrawal_application', 'ledger_transaction', 'ledger_entry', 'ledger_balance',
                        'settlement_instruction', 'audit_log', 'audit_chain_head', 'idempotency_record') LOOP
    EXECUTE regexp_replace(r.def, ' ON (public\.)?' || r.relname || ' ', ' ON hpf_pgbench.' || r.relname || ' ');
  END LOOP;
END $$;
ANALYZE hpf_pgbench.ledger_balance;
