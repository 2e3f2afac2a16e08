-- The blocked-persons list (不良信息库): members listed here cannot withdraw, except for the closing reasons the
-- center exempts (retirement, settling abroad, death). Listing and lifting are operator actions, audited; a lifted
-- entry stays as history and the person may be listed again.
CREATE TABLE blocked_person (
  entry_id    bigserial PRIMARY KEY,
  person_id   text NOT NULL REFERENCES person (person_id),
  reason      text NOT NULL CHECK (length(reason) BETWEEN 1 AND 200),
  listed_by   text NOT NULL,
  listed_at   timestamptz NOT NULL DEFAULT now(),
  lifted_by   text,
  lifted_at   timestamptz,
  CHECK ((lifted_by IS NULL) = (lifted_at IS NULL))
);
CREATE UNIQUE INDEX blocked_person_current ON blocked_person (person_id) WHERE lifted_at IS NULL;
