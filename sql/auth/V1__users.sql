-- auth schema, V1: users who can log in (managers, cashiers, customers).
--
-- The runner has already done CREATE SCHEMA IF NOT EXISTS auth and wraps this
-- file in a transaction, so there is no BEGIN/COMMIT here.
--
-- Choices:
-- * Passwords are PBKDF2-HMAC-SHA256. The hash is stored as hex text together
--   with its salt and iteration count, so the work factor can be raised later
--   and old rows still verify (re-hash on next successful login).
-- * Usernames are unique exactly and also unique case-insensitively (the
--   lower() index), so "Alice" and "alice" cannot both exist. Look users up
--   with WHERE username = :name (uses the plain unique index).
-- * roles is a text[] (a user may hold several roles, which is also how the
--   JWT 'roles' claim looks). The CHECK keeps it non-empty and limited to the
--   known role names; NULL elements are rejected too (<@ never matches NULL).
-- * Times are timestamptz(3): millisecond precision, the precision of the wire
--   format and of QDateTime, so a value read back equals the value written.
--   updated_at is set by the application (its clock is injectable in tests);
--   there is deliberately no trigger.

CREATE TABLE auth.users (
    id                  uuid            PRIMARY KEY DEFAULT gen_random_uuid(),
    username            text            NOT NULL,
    password_hash       text            NOT NULL,
    password_salt       text            NOT NULL,
    password_iterations integer         NOT NULL,
    roles               text[]          NOT NULL,
    is_active           boolean         NOT NULL DEFAULT true,
    created_at          timestamptz(3)  NOT NULL DEFAULT now(),
    updated_at          timestamptz(3)  NOT NULL DEFAULT now(),

    CONSTRAINT users_username_uq         UNIQUE (username),
    CONSTRAINT users_username_len_ck     CHECK (char_length(username) BETWEEN 1 AND 100),
    CONSTRAINT users_password_hash_ck    CHECK (password_hash ~ '^[0-9a-fA-F]+$'),
    CONSTRAINT users_password_salt_ck    CHECK (char_length(password_salt) >= 1),
    CONSTRAINT users_password_iter_ck    CHECK (password_iterations >= 100000),
    CONSTRAINT users_roles_ck            CHECK (
        cardinality(roles) >= 1
        AND roles <@ ARRAY['MANAGER', 'CUSTOMER', 'CASHIER']::text[]
    )
);

CREATE UNIQUE INDEX users_username_lower_uq ON auth.users (lower(username));

COMMENT ON TABLE  auth.users IS 'Login accounts; roles feed the JWT roles claim.';
COMMENT ON COLUMN auth.users.password_hash IS 'PBKDF2-HMAC-SHA256 derived key, hex.';
COMMENT ON COLUMN auth.users.password_salt IS 'Per-user random salt (encoding chosen by the auth module, e.g. hex).';
COMMENT ON COLUMN auth.users.roles IS 'Non-empty subset of MANAGER, CUSTOMER, CASHIER.';
