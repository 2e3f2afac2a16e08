-- The business calendar: how many days the business date (营业日) stands ahead of the calendar date. Always 0 in
-- production; the sandbox lets an operator move it forward to try what happens on later days (a loan's due date,
-- its grace period, 1 January repricing) without waiting. One row; every instance reads it and follows a move.
CREATE TABLE business_calendar (
  id          smallint PRIMARY KEY CHECK (id = 1),
  days_ahead  integer NOT NULL CHECK (days_ahead BETWEEN 0 AND 3660),
  moved_at    timestamptz NOT NULL DEFAULT now(),
  moved_by    text NOT NULL
);
INSERT INTO business_calendar (id, days_ahead, moved_by) VALUES (1, 0, 'migration');
