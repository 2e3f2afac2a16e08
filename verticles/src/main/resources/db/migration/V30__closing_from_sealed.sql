-- A closing withdrawal (retirement, settling abroad, death) may close a sealed account too (the employer usually
-- removed the member first); the status it closed from is kept so a cancellation before payment restores it.
ALTER TABLE withdrawal_application ADD COLUMN closed_from text CHECK (closed_from IN ('01', '02'));
