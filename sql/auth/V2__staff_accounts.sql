-- auth schema, V2: what the manager's Staff screen shows and controls.
--
-- * last_login_at: set on every successful login (REST, till, manager window).
-- * token_version: copied into each access token ("ver" claim). Deactivating
--   an account or resetting its password adds one, and the REST guard
--   refuses tokens whose version is no longer the account's, so old tokens
--   stop working at their next request instead of at their expiry.
-- * auth.login_failures: failed logins per existing account and source (the
--   client address for REST, 'local' for the till and the manager window),
--   and the lockout they led to. Keyed by source as well, so guesses from
--   elsewhere never lock the real user out of his own till or address. An
--   unknown username is never written, and the application keeps at most
--   100 sources per account (the most recent), so the table is bounded. A
--   success from that source, a new password or a manager deletes the rows.
--   It lives in the database, not in one process's memory, so the manager
--   window (another process) sees and lifts the lockouts `shop serve` and
--   the tills make.

ALTER TABLE auth.users
    ADD COLUMN last_login_at timestamptz(3),
    ADD COLUMN token_version integer NOT NULL DEFAULT 0;

CREATE TABLE auth.login_failures (
    user_id         uuid            NOT NULL REFERENCES auth.users (id),
    source          text            NOT NULL CHECK (char_length(source) BETWEEN 1 AND 100),
    failures        integer         NOT NULL CHECK (failures >= 1),
    last_failure_at timestamptz(3)  NOT NULL,
    locked_until    timestamptz(3),
    PRIMARY KEY (user_id, source)
);

COMMENT ON COLUMN auth.users.token_version IS 'Matches the ver claim of the tokens still valid; bumped by deactivation and password resets.';
COMMENT ON TABLE  auth.login_failures IS 'Failed logins per account and source and their lockout; deleted on success, new password or by a manager.';
