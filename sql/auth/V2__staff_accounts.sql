-- auth schema, V2: what the manager's Staff screen shows and controls.
--
-- * last_login_at: set on every successful login (REST, till, manager window).
-- * token_version: copied into each access token ("ver" claim). Deactivating
--   an account or resetting its password adds one, and the REST guard
--   refuses tokens whose version is no longer the account's, so old tokens
--   stop working at their next request instead of at their expiry.
-- * auth.login_failures: consecutive failed logins per existing account (an
--   unknown username is never written, so the table holds at most one row
--   per user). After enough of them the account is locked until
--   locked_until; a success or a manager deletes the row. It lives in the
--   database, not in one process's memory, so the manager window (another
--   process) sees and lifts the lockouts `shop serve` makes.

ALTER TABLE auth.users
    ADD COLUMN last_login_at timestamptz(3),
    ADD COLUMN token_version integer NOT NULL DEFAULT 0;

CREATE TABLE auth.login_failures (
    user_id         uuid            PRIMARY KEY REFERENCES auth.users (id),
    failures        integer         NOT NULL CHECK (failures >= 1),
    last_failure_at timestamptz(3)  NOT NULL,
    locked_until    timestamptz(3)
);

COMMENT ON COLUMN auth.users.token_version IS 'Matches the ver claim of the tokens still valid; bumped by deactivation and password resets.';
COMMENT ON TABLE  auth.login_failures IS 'Consecutive failed logins of an account and its lockout; deleted on success or by a manager.';
