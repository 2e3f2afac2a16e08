-- The review room (申请 → 初审 → 复审 → 审批): flows as data, cases, their append-only history and SMS notices.

-- Approvers (审批人员): the staff who take the last step of a flow. A staff user may hold several roles; four eyes
-- is kept per case (no one decides two steps of one case), not by the roles themselves.
ALTER TABLE staff_user DROP CONSTRAINT staff_user_roles_check;
ALTER TABLE staff_user ADD CONSTRAINT staff_user_roles_check
  CHECK (roles <@ ARRAY['COUNTER', 'REVIEWER', 'APPROVER', 'AUDITOR', 'OPERATOR']::text[] AND cardinality(roles) > 0);

-- Which steps a business type goes through and which staff role decides each, versioned by effective time: a case
-- takes the version in force when it is opened and keeps it. New versions are added, never changed.
CREATE TABLE review_flow (
  business_type   text NOT NULL CHECK (business_type ~ '^[A-Z][A-Z0-9_]{2,39}$'),
  version         integer NOT NULL CHECK (version > 0),
  effective_from  timestamptz NOT NULL,
  title           text NOT NULL CHECK (length(title) BETWEEN 1 AND 40),
  -- [{"step": "FIRST_REVIEW", "name": "初审", "role": "REVIEWER"}, ...], 1 to 5 steps, in order.
  steps           jsonb NOT NULL CHECK (jsonb_typeof(steps) = 'array' AND jsonb_array_length(steps) BETWEEN 1 AND 5),
  note            text NOT NULL DEFAULT '',
  created_by      text NOT NULL DEFAULT 'migration',
  created_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (business_type, version)
);
CREATE INDEX review_flow_in_force ON review_flow (business_type, effective_from DESC, version DESC);
CREATE TRIGGER review_flow_no_update BEFORE UPDATE OR DELETE ON review_flow
  FOR EACH ROW EXECUTE FUNCTION ledger_append_only();

INSERT INTO review_flow (business_type, version, effective_from, title, steps, note) VALUES
  ('LOAN_APPLICATION', 1, '2015-01-01T00:00:00+08:00', '住房公积金贷款申请',
   '[{"step": "FIRST_REVIEW", "name": "初审", "role": "REVIEWER"},
     {"step": "SECOND_REVIEW", "name": "复审", "role": "REVIEWER"},
     {"step": "APPROVAL", "name": "审批", "role": "APPROVER"}]',
   '贷款申请：初审、复审由审核人员办理，审批由审批人员办理；同一案件每一环节须由不同人员办理');

CREATE SEQUENCE review_case_number START 100000001;

-- One case per business item. The state and the current step change as staff decide; what happened is the
-- history below. round counts submissions (a return and a resubmission start a new round at the first step).
CREATE TABLE review_case (
  case_id              text PRIMARY KEY CHECK (case_id ~ '^RV[0-9]{9}$'),
  business_type        text NOT NULL,
  business_id          text NOT NULL CHECK (length(business_id) BETWEEN 1 AND 64),
  applicant_person_id  text NOT NULL,
  entered_by           text,
  flow_version         integer NOT NULL,
  state                text NOT NULL CHECK (state IN ('IN_REVIEW', 'RETURNED', 'APPROVED', 'REFUSED', 'CANCELLED')),
  step_index           integer NOT NULL CHECK (step_index >= 0),
  round                integer NOT NULL DEFAULT 1 CHECK (round > 0),
  manual_reasons       text[] NOT NULL DEFAULT '{}',
  summary              jsonb NOT NULL DEFAULT '{}',
  opened_at            timestamptz NOT NULL,
  step_since           timestamptz NOT NULL,
  closed_at            timestamptz,
  UNIQUE (business_type, business_id),
  FOREIGN KEY (business_type, flow_version) REFERENCES review_flow (business_type, version)
);
-- The queues: open cases by type, oldest first.
CREATE INDEX review_case_queue ON review_case (business_type, opened_at, case_id) WHERE state = 'IN_REVIEW';
CREATE INDEX review_case_applicant ON review_case (applicant_person_id);

-- Every action on a case, never changed: the opening, each staff decision, a resubmission, a cancellation.
CREATE TABLE review_action (
  action_id    bigserial PRIMARY KEY,
  case_id      text NOT NULL REFERENCES review_case (case_id),
  round        integer NOT NULL,
  step         text NOT NULL,
  role         text,
  actor_kind   text NOT NULL CHECK (actor_kind IN ('STAFF', 'APPLICANT', 'SYSTEM')),
  actor_id     text NOT NULL,
  outcome      text NOT NULL CHECK (outcome IN ('OPEN', 'APPROVE', 'RETURN', 'REFUSE', 'RESUBMIT', 'CANCEL')),
  reason       text CHECK (reason IS NULL OR length(reason) <= 500),
  at           timestamptz NOT NULL
);
CREATE INDEX review_action_case ON review_action (case_id, action_id);
CREATE TRIGGER review_action_no_update BEFORE UPDATE OR DELETE ON review_action
  FOR EACH ROW EXECUTE FUNCTION ledger_append_only();

-- SMS notices to the applicant, one per outcome, written with the decision and sent after it commits.
CREATE TABLE review_notice (
  notice_id   bigserial PRIMARY KEY,
  case_id     text NOT NULL REFERENCES review_case (case_id),
  action_id   bigint NOT NULL UNIQUE REFERENCES review_action (action_id),
  outcome     text NOT NULL CHECK (outcome IN ('APPROVED', 'RETURNED', 'REFUSED', 'CANCELLED')),
  status      text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'SENT', 'FAILED')),
  attempts    integer NOT NULL DEFAULT 0,
  created_at  timestamptz NOT NULL DEFAULT now(),
  sent_at     timestamptz
);
CREATE INDEX review_notice_pending ON review_notice (notice_id) WHERE status = 'PENDING';
