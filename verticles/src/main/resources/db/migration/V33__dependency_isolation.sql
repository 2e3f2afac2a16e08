-- Isolation state of each outbound dependency (hpf.thirdparty.guard). The cluster works from a shared Hazelcast
-- map; this table keeps the last state so an instance (or the whole cluster) restarting reads it back. The version
-- only grows: a late write of an older state never overwrites a newer one. Every transition is in the audit log.
CREATE TABLE dependency_isolation (
  dependency_id      text PRIMARY KEY,
  state              text NOT NULL CHECK (state IN ('AVAILABLE', 'ISOLATED', 'PROBING')),
  version            bigint NOT NULL,
  since              timestamptz NOT NULL,
  next_probe_at      timestamptz,
  suspension_seconds bigint NOT NULL CHECK (suspension_seconds >= 0),
  probe_successes    integer NOT NULL CHECK (probe_successes >= 0),
  cause              text NOT NULL,
  updated_at         timestamptz NOT NULL DEFAULT now()
);
