-- pos schema, V1: the till's day. Shifts, the sales and returns rung up in
-- them, cash put in or taken out, and a journal of everything that happened
-- at a terminal.
--
-- The runner has already done CREATE SCHEMA IF NOT EXISTS pos and wraps this
-- file in a transaction, so there is no BEGIN/COMMIT here.
--
-- Choices:
-- * Append only. A row here is a fact a manager must be able to trust, so
--   nothing is ever updated in place or deleted: closing a shift is a row of
--   its own (shift_closes), not an UPDATE of shifts. The trigger at the end
--   refuses UPDATE and DELETE on every table of the schema (TRUNCATE stays
--   possible for tests that reset a scratch database).
-- * No figures that can drift. Sales and returns only link a shift to the
--   order or refund that the engine keeps anyway (orders.orders,
--   orders.payment_transactions, orders.refunds): the X- and Z-report sum
--   those. Only the drawer's own movements (the opening float, cash in and
--   out, the counted amount) are amounts of their own.
-- * A terminal is a name (setting pos-terminal). At most one shift per
--   terminal is open at a time ("open": no shift_closes row, since rows are
--   never deleted); the service takes the terminal's row lock (SELECT ...
--   FOR UPDATE on pos.terminals) before it opens or closes one, so two tills
--   given the same name cannot both open.
-- * Receipt numbers come from a sequence: unique and increasing, with a gap
--   only where a sale's transaction rolled back (the journal shows why).
-- * Money is in cents (bigint), as in the other schemas; times are
--   timestamptz(3).

-- One row per terminal name ever used; its row lock serialises the open and
-- close of that terminal's shifts.
CREATE TABLE pos.terminals (
    name        text            PRIMARY KEY,
    created_at  timestamptz(3)  NOT NULL DEFAULT now(),

    CONSTRAINT terminals_name_ck CHECK (char_length(name) BETWEEN 1 AND 64)
);

CREATE TABLE pos.shifts (
    id                   uuid            PRIMARY KEY,
    terminal             text            NOT NULL REFERENCES pos.terminals (name),
    opened_by            text            NOT NULL,
    opened_at            timestamptz(3)  NOT NULL DEFAULT now(),
    opening_float_cents  bigint          NOT NULL,

    CONSTRAINT shifts_float_ck CHECK (opening_float_cents >= 0)
);

CREATE INDEX shifts_terminal_idx ON pos.shifts (terminal, opened_at DESC);
CREATE INDEX shifts_opened_at_idx ON pos.shifts (opened_at DESC, id);

-- The close of a shift: what was counted (a total, or per denomination in
-- counted_denominations as {"5000": 2, "2000": 1, ...} cents -> count) and,
-- frozen at the close, what the engine expected, so the Z-report printed
-- later shows what the cashier saw.
CREATE TABLE pos.shift_closes (
    shift_id               uuid            PRIMARY KEY REFERENCES pos.shifts (id),
    closed_by              text            NOT NULL,
    closed_at              timestamptz(3)  NOT NULL DEFAULT now(),
    counted_cents          bigint          NOT NULL,
    counted_denominations  jsonb           NULL,
    expected_cents         bigint          NOT NULL,
    difference_cents       bigint          NOT NULL,

    CONSTRAINT shift_closes_counted_ck    CHECK (counted_cents >= 0),
    CONSTRAINT shift_closes_difference_ck CHECK (difference_cents = counted_cents - expected_cents)
);

CREATE INDEX shift_closes_closed_at_idx ON pos.shift_closes (closed_at DESC);

-- Cash put into (IN: a change drop) or taken out of (OUT: a paid-out, a
-- bank drop) the drawer during a shift, and drawer opens without a sale
-- (NO_SALE, amount 0, authorised by a manager).
CREATE TABLE pos.cash_movements (
    id             uuid            PRIMARY KEY,
    shift_id       uuid            NOT NULL REFERENCES pos.shifts (id),
    kind           text            NOT NULL,
    amount_cents   bigint          NOT NULL,
    reason         text            NOT NULL,
    recorded_by    text            NOT NULL,
    authorised_by  text            NULL,
    recorded_at    timestamptz(3)  NOT NULL DEFAULT now(),

    CONSTRAINT cash_movements_kind_ck   CHECK (kind IN ('IN', 'OUT', 'NO_SALE')),
    CONSTRAINT cash_movements_amount_ck CHECK ((kind = 'NO_SALE' AND amount_cents = 0)
                                               OR (kind <> 'NO_SALE' AND amount_cents > 0)),
    CONSTRAINT cash_movements_reason_ck CHECK (char_length(reason) BETWEEN 1 AND 200)
);

CREATE INDEX cash_movements_shift_idx ON pos.cash_movements (shift_id, recorded_at);

CREATE SEQUENCE pos.receipt_numbers AS bigint START 1;

-- A sale rung up in a shift: the order the till placed (orders.orders by its
-- number; the order daemon creates that row a moment later, so there is no
-- foreign key), with what the customer handed over for a cash sale.
CREATE TABLE pos.sales (
    order_number    text            PRIMARY KEY,
    receipt_number  bigint          NOT NULL DEFAULT nextval('pos.receipt_numbers'),
    shift_id        uuid            NOT NULL REFERENCES pos.shifts (id),
    cashier         text            NOT NULL,
    payment_method  text            NOT NULL,
    tendered_cents  bigint          NULL,
    recorded_at     timestamptz(3)  NOT NULL DEFAULT now(),

    CONSTRAINT sales_receipt_number_uq UNIQUE (receipt_number),
    CONSTRAINT sales_method_ck         CHECK (payment_method IN ('CASH', 'CARD')),
    CONSTRAINT sales_tendered_ck       CHECK (tendered_cents IS NULL OR tendered_cents >= 0)
);

CREATE INDEX sales_shift_idx ON pos.sales (shift_id, receipt_number);

-- A return taken at the till: the refund (orders.refunds, kind RETURN, with
-- its refund_items) that pays it back, in which shift, by whom, and the
-- manager who authorised it when it needed one.
CREATE TABLE pos.returns (
    refund_id      uuid            PRIMARY KEY REFERENCES orders.refunds (id),
    shift_id       uuid            NOT NULL REFERENCES pos.shifts (id),
    cashier        text            NOT NULL,
    authorised_by  text            NULL,
    recorded_at    timestamptz(3)  NOT NULL DEFAULT now()
);

CREATE INDEX returns_shift_idx ON pos.returns (shift_id, recorded_at);

-- Everything that happened at a terminal, in order: who, when, where, in
-- which shift, what (kind), about what (reference: an order number, a
-- refund id, a movement id) and for how much. A manager lists a day of it.
CREATE TABLE pos.journal (
    id            bigserial       PRIMARY KEY,
    recorded_at   timestamptz(3)  NOT NULL DEFAULT now(),
    terminal      text            NOT NULL,
    shift_id      uuid            NULL REFERENCES pos.shifts (id),
    actor         text            NOT NULL,
    kind          text            NOT NULL,
    reference     text            NULL,
    amount_cents  bigint          NULL,
    details       text            NULL,

    CONSTRAINT journal_kind_ck CHECK (kind IN ('LOGIN', 'LOGOUT', 'SHIFT_OPEN', 'SHIFT_CLOSE', 'SALE',
                                               'RETURN', 'CASH_IN', 'CASH_OUT', 'NO_SALE',
                                               'X_REPORT', 'Z_REPORT', 'AUTHORISATION_REFUSED'))
);

CREATE INDEX journal_recorded_at_idx ON pos.journal (recorded_at, id);
CREATE INDEX journal_shift_idx ON pos.journal (shift_id, id);

CREATE FUNCTION pos.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'pos.% is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER terminals_append_only BEFORE UPDATE OR DELETE ON pos.terminals
    FOR EACH ROW EXECUTE FUNCTION pos.refuse_change();
CREATE TRIGGER shifts_append_only BEFORE UPDATE OR DELETE ON pos.shifts
    FOR EACH ROW EXECUTE FUNCTION pos.refuse_change();
CREATE TRIGGER shift_closes_append_only BEFORE UPDATE OR DELETE ON pos.shift_closes
    FOR EACH ROW EXECUTE FUNCTION pos.refuse_change();
CREATE TRIGGER cash_movements_append_only BEFORE UPDATE OR DELETE ON pos.cash_movements
    FOR EACH ROW EXECUTE FUNCTION pos.refuse_change();
CREATE TRIGGER sales_append_only BEFORE UPDATE OR DELETE ON pos.sales
    FOR EACH ROW EXECUTE FUNCTION pos.refuse_change();
CREATE TRIGGER returns_append_only BEFORE UPDATE OR DELETE ON pos.returns
    FOR EACH ROW EXECUTE FUNCTION pos.refuse_change();
CREATE TRIGGER journal_append_only BEFORE UPDATE OR DELETE ON pos.journal
    FOR EACH ROW EXECUTE FUNCTION pos.refuse_change();

COMMENT ON SCHEMA pos IS 'The till''s day: shifts, their sales, returns and cash, and the terminal journal (append-only).';
