-- Renewal reminders (续期提醒) of agreed withdrawals: one SMS per agreement and end date, so a renewed agreement
-- (a new end date) is reminded again the next year.
CREATE TABLE withdrawal_agreement_reminder (
  agreement_id  text NOT NULL REFERENCES withdrawal_agreement (agreement_id),
  ends_on       date NOT NULL,
  sent_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (agreement_id, ends_on)
);
