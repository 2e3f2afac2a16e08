-- Channel traffic control (hpf.traffic). The cluster counts in Hazelcast; this table keeps each channel's count per
-- Asia/Shanghai day and month so a restart of the whole cluster does not reset them. Members copy what they saw about
-- once a second and a count only grows here. Old periods stay as the usage history operators read.
CREATE TABLE traffic_quota_usage (
  app_id       text NOT NULL,
  period       text NOT NULL CHECK (period IN ('DAY', 'MONTH')),
  period_start date NOT NULL,
  used         bigint NOT NULL CHECK (used >= 0),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (app_id, period, period_start)
);

-- Operators' runtime changes of a channel's policy: one numbered version per change, each holding the whole set of
-- changes over the policy files (the latest is in force). Append-only, like the audit log that records each change.
CREATE TABLE traffic_policy_version (
  app_id     text NOT NULL,
  version    bigint NOT NULL CHECK (version > 0),
  settings   jsonb NOT NULL,
  actor      text NOT NULL,
  reason     text NOT NULL,
  request_id text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (app_id, version)
);
CREATE TRIGGER traffic_policy_version_no_update BEFORE UPDATE OR DELETE ON traffic_policy_version
  FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER traffic_policy_version_no_truncate BEFORE TRUNCATE ON traffic_policy_version
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
