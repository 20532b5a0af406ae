-- The owner's pages count over a shop's whole history in one statement each. At 100,000 responses PostgreSQL's
-- JIT compiler spent 0.3–0.8 s compiling such a statement that then ran in 50–300 ms (measured with
-- `npm run bench -- --scale`): it pays off only for queries far longer than these. Off for this database's sessions,
-- or, where the role may not change the database, for the role's.
DO $$
BEGIN
  EXECUTE format('ALTER DATABASE %I SET jit = off', current_database());
EXCEPTION WHEN insufficient_privilege THEN
  ALTER ROLE CURRENT_USER SET jit = off;
END
$$;
