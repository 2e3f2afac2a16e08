-- Employer and member life cycle: information changes with history, deferral (缓缴), ratio changes (比例调整),
-- yearly base adjustment (基数调整, business type 10), employer seal/unseal/closure, member unsealing (启封) and the
-- record of verifications made before a write. History tables are append-only like the ledger.

-- What a center keeps of an employer besides its registration; the contact phone is SM4-GCM encrypted (field
-- employer.contact_phone, the employer id as associated data) and only ever shown masked.
ALTER TABLE employer
  ADD COLUMN address              text CHECK (length(address) BETWEEN 2 AND 200),
  ADD COLUMN postal_code          text CHECK (postal_code ~ '^[0-9]{6}$'),
  ADD COLUMN legal_representative text CHECK (length(legal_representative) BETWEEN 1 AND 50),
  ADD COLUMN contact_name         text CHECK (length(contact_name) BETWEEN 1 AND 50),
  ADD COLUMN contact_phone_enc    text;

-- Who changed a record: the session's subject and kind, the channel app, the request.
-- 单位信息变更: one row per changed field; phone values are kept masked only (the current number is encrypted
-- on the employer row), so the history never holds a phone number in clear.
CREATE TABLE employer_info_change (
  change_id    bigserial PRIMARY KEY,
  employer_id  text NOT NULL REFERENCES employer (employer_id),
  field        text NOT NULL CHECK (field IN ('name', 'address', 'postalCode', 'legalRepresentative', 'contactName',
                                              'contactPhone')),
  old_value    text,
  new_value    text,
  actor        text NOT NULL,
  actor_kind   text NOT NULL,
  channel      text NOT NULL,
  request_id   text NOT NULL,
  changed_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX employer_info_change_employer ON employer_info_change (employer_id, change_id DESC);

-- 缓缴: a period of months granted by counter staff. The employer row keeps its registered status (01); it is
-- shown as 03 while a period covers the current month. An early end records the last deferred month instead of
-- shortening the grant, so both stay visible.
CREATE TABLE employer_deferral (
  deferral_id       bigserial PRIMARY KEY,
  employer_id       text NOT NULL REFERENCES employer (employer_id),
  first_month       text NOT NULL CHECK (first_month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  last_month        text NOT NULL CHECK (last_month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$' AND last_month >= first_month),
  reason            text NOT NULL CHECK (length(reason) BETWEEN 2 AND 200),
  granted_by        text NOT NULL,
  granted_at        timestamptz NOT NULL DEFAULT now(),
  ended_last_month  text CHECK (ended_last_month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$' AND ended_last_month < last_month),
  end_reason        text CHECK (length(end_reason) BETWEEN 2 AND 200),
  ended_by          text,
  ended_at          timestamptz,
  CHECK ((ended_at IS NULL) = (ended_by IS NULL) AND (ended_at IS NULL) = (end_reason IS NULL)
         AND (ended_at IS NULL) = (ended_last_month IS NULL))
);
CREATE INDEX employer_deferral_employer ON employer_deferral (employer_id, first_month);

-- Status events of an employer (seal 05, unseal 01, closure 04, deferral granted/ended), with the reason.
CREATE TABLE employer_status_event (
  event_id     bigserial PRIMARY KEY,
  employer_id  text NOT NULL REFERENCES employer (employer_id),
  event        text NOT NULL CHECK (event IN ('SEALED', 'UNSEALED', 'CLOSED', 'DEFERRAL_GRANTED', 'DEFERRAL_ENDED')),
  from_status  text NOT NULL,
  to_status    text NOT NULL,
  reason       text NOT NULL,
  deferral_id  bigint REFERENCES employer_deferral (deferral_id),
  actor        text NOT NULL,
  actor_kind   text NOT NULL,
  channel      text NOT NULL,
  request_id   text NOT NULL,
  at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX employer_status_event_employer ON employer_status_event (employer_id, event_id DESC);

-- 比例调整: the employer's ratios for a period from this month to the end of the fund year (June).
CREATE TABLE ratio_change (
  change_id           bigserial PRIMARY KEY,
  employer_id         text NOT NULL REFERENCES employer (employer_id),
  old_employer_ratio  numeric(5, 4) NOT NULL,
  old_member_ratio    numeric(5, 4) NOT NULL,
  employer_ratio      numeric(5, 4) NOT NULL,
  member_ratio        numeric(5, 4) NOT NULL,
  from_month          text NOT NULL,
  through_month       text NOT NULL,
  reason              text NOT NULL,
  member_count        integer NOT NULL CHECK (member_count >= 0),
  actor               text NOT NULL,
  actor_kind          text NOT NULL,
  changed_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ratio_change_employer ON ratio_change (employer_id, change_id DESC);

-- 基数调整 (business type 10): one submission of new bases for some of an employer's members for a fund year
-- (7/1 of fund_year to 6/30 of the next year); its lines are member_account_event rows.
CREATE TABLE base_adjustment (
  adjustment_id  bigserial PRIMARY KEY,
  employer_id    text NOT NULL REFERENCES employer (employer_id),
  fund_year      integer NOT NULL CHECK (fund_year BETWEEN 2000 AND 2999),
  member_count   integer NOT NULL CHECK (member_count > 0),
  actor          text NOT NULL,
  actor_kind     text NOT NULL,
  adjusted_at    timestamptz NOT NULL DEFAULT now()
);

-- The history of a member account's contribution terms and status: sealed (05), unsealed into an employer (04),
-- recomputed by a ratio change (99) or a base adjustment (10), with the values before and after.
CREATE TABLE member_account_event (
  event_id              bigserial PRIMARY KEY,
  account_no            text NOT NULL REFERENCES member_account (account_no),
  event                 text NOT NULL CHECK (event IN ('SEALED', 'UNSEALED', 'RATIO_CHANGED', 'BASE_ADJUSTED')),
  business_type         text NOT NULL CHECK (business_type IN ('04', '05', '10', '99')),
  employer_id           text NOT NULL REFERENCES employer (employer_id),
  previous_employer_id  text REFERENCES employer (employer_id),
  status                text NOT NULL,
  old_base              numeric(18, 2) NOT NULL,
  base                  numeric(18, 2) NOT NULL,
  old_monthly_employer  numeric(18, 2) NOT NULL,
  monthly_employer      numeric(18, 2) NOT NULL,
  old_monthly_member    numeric(18, 2) NOT NULL,
  monthly_member        numeric(18, 2) NOT NULL,
  declared_wage         numeric(18, 2),
  fund_year             integer,
  ratio_change_id       bigint REFERENCES ratio_change (change_id),
  base_adjustment_id    bigint REFERENCES base_adjustment (adjustment_id),
  actor                 text NOT NULL,
  actor_kind            text NOT NULL,
  at                    timestamptz NOT NULL DEFAULT now(),
  CHECK ((event = 'BASE_ADJUSTED') = (base_adjustment_id IS NOT NULL AND fund_year IS NOT NULL)),
  CHECK ((event = 'RATIO_CHANGED') = (ratio_change_id IS NOT NULL))
);
CREATE INDEX member_account_event_account ON member_account_event (account_no, event_id DESC);
-- The base is adjusted once a year: one adjustment per account and fund year, even under concurrent submissions.
CREATE UNIQUE INDEX member_account_event_one_base_per_year ON member_account_event (account_no, fund_year)
  WHERE event = 'BASE_ADJUSTED';

-- 个人信息变更: one row per changed field of a person; phones masked only, as for employers.
CREATE TABLE member_info_change (
  change_id    bigserial PRIMARY KEY,
  person_id    text NOT NULL REFERENCES person (person_id),
  field        text NOT NULL CHECK (field IN ('name', 'phone')),
  old_value    text,
  new_value    text,
  actor        text NOT NULL,
  actor_kind   text NOT NULL,
  channel      text NOT NULL,
  request_id   text NOT NULL,
  changed_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX member_info_change_person ON member_info_change (person_id, change_id DESC);

-- What a verification hook answered before a write (enterprise registry for an employer; deposit overview and
-- pension data for a member): VERIFIED, or NOT_VERIFIED with the reason (e.g. no data source configured yet), so
-- the records written without verification can be found and verified later.
CREATE TABLE verification_record (
  record_id    bigserial PRIMARY KEY,
  subject      text NOT NULL,
  check_name   text NOT NULL,
  outcome      text NOT NULL CHECK (outcome IN ('VERIFIED', 'NOT_VERIFIED')),
  note         text NOT NULL,
  recorded_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX verification_record_outcome ON verification_record (outcome, check_name, record_id);

CREATE TRIGGER employer_info_change_no_update BEFORE UPDATE OR DELETE ON employer_info_change
  FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER employer_status_event_no_update BEFORE UPDATE OR DELETE ON employer_status_event
  FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER ratio_change_no_update BEFORE UPDATE OR DELETE ON ratio_change
  FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER base_adjustment_no_update BEFORE UPDATE OR DELETE ON base_adjustment
  FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER member_account_event_no_update BEFORE UPDATE OR DELETE ON member_account_event
  FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER member_info_change_no_update BEFORE UPDATE OR DELETE ON member_info_change
  FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER verification_record_no_update BEFORE UPDATE OR DELETE ON verification_record
  FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER employer_info_change_no_truncate BEFORE TRUNCATE ON employer_info_change
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER employer_status_event_no_truncate BEFORE TRUNCATE ON employer_status_event
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER member_account_event_no_truncate BEFORE TRUNCATE ON member_account_event
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER member_info_change_no_truncate BEFORE TRUNCATE ON member_info_change
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER ratio_change_no_truncate BEFORE TRUNCATE ON ratio_change
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER base_adjustment_no_truncate BEFORE TRUNCATE ON base_adjustment
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER verification_record_no_truncate BEFORE TRUNCATE ON verification_record
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();

-- 缓缴 may be granted for at most this many months (and never past the end of the fund year, 6/30).
INSERT INTO policy_parameter (name, effective_from, value, note) VALUES
  ('deferral.max_months', '2005-01-01', '12', '缓缴期限最长月数（且不超过缴存年度末 6 月 30 日）[city]');
