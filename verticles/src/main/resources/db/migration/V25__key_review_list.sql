-- The key-review list (重点审核名单) beside the blocked-persons list, in the same table: a listed member's
-- withdrawals always go to staff review. One current entry per person and list.
ALTER TABLE blocked_person ADD COLUMN list text NOT NULL DEFAULT 'BLOCKED' CHECK (list IN ('BLOCKED', 'KEY_REVIEW'));
DROP INDEX blocked_person_current;
CREATE UNIQUE INDEX blocked_person_current ON blocked_person (person_id, list) WHERE lifted_at IS NULL;
