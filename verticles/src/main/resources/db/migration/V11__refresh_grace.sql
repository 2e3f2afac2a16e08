-- When a refresh was rotated: the token it replaced is accepted again for a short while (a client whose answer
-- was lost retries), and only after that counts as a copied token.
ALTER TABLE session ADD COLUMN rotated_at timestamptz;
