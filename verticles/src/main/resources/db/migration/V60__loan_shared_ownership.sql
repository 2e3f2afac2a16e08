-- A loan application states whether the home is a shared-ownership home (共有产权住房): a first home of that kind
-- may take the policy's ceiling float (loan.shared_ownership.*), and the contract filing must bear it out.
ALTER TABLE loan_application ADD COLUMN shared_ownership boolean NOT NULL DEFAULT false;
