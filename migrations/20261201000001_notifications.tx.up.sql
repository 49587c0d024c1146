-- Notifications: what Plenary tells a person, in the app and by e-mail. A notification is
-- written in the transaction of the change that causes it, with the mail that carries it
-- (the outbox), so that a change is never committed without its notice nor a notice sent
-- for a change that was rolled back. Neither holds position text: only what the mail
-- shows (session, item number and title, due date, who acted) in facts, and the link.

CREATE TABLE notifications (
    id              bigserial PRIMARY KEY,
    user_id         bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind            text NOT NULL CHECK (kind IN ('consultation_opened', 'consultation_due_soon',
                        'consultation_due_tomorrow', 'consultation_overdue', 'overdue_digest',
                        'consultation_answered', 'consultation_sent_back', 'brief_review_requested',
                        'brief_review_again', 'brief_verdict', 'brief_approved', 'brief_finalised',
                        'brief_final_available', 'account_created', 'password_reset')),
    -- What it is about: a consultation (with its item), an item's brief, or neither (a
    -- digest, the person's own account).
    consultation_id bigint REFERENCES consultations (id) ON DELETE CASCADE,
    item_id         bigint REFERENCES agenda_items (id) ON DELETE CASCADE,
    facts           jsonb NOT NULL DEFAULT '{}',
    -- The day a scheduled reminder or digest is for: with the unique index below, one
    -- per kind, person, subject and day, however many servers produce them.
    day             date,
    created_at      timestamptz NOT NULL,
    read_at         timestamptz
);
CREATE INDEX notifications_user_idx ON notifications (user_id, id DESC);
-- The header's unread count, on every page: an index of the unread rows only.
CREATE INDEX notifications_unread_idx ON notifications (user_id) WHERE read_at IS NULL;
CREATE UNIQUE INDEX notifications_once_a_day ON notifications (kind, user_id, coalesce(consultation_id, 0), day)
    WHERE day IS NOT NULL;
CREATE INDEX notifications_consultation_idx ON notifications (consultation_id) WHERE consultation_id IS NOT NULL;
CREATE INDEX notifications_item_idx ON notifications (item_id) WHERE item_id IS NOT NULL;

-- The outbox: one mail per notification that its recipient wants by e-mail. Senders in
-- every server claim due rows with FOR UPDATE SKIP LOCKED, so each mail is delivered by
-- one of them; a failed attempt is retried later, with back-off, until it is given up.
CREATE TABLE outbox (
    id              bigserial PRIMARY KEY,
    notification_id bigint NOT NULL UNIQUE REFERENCES notifications (id) ON DELETE CASCADE,
    to_address      text NOT NULL,
    lang            text NOT NULL CHECK (lang IN ('ko', 'en')),
    -- logged: no SMTP server was configured, so the mail went to the log instead.
    status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'logged', 'failed')),
    attempts        integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at timestamptz NOT NULL,
    last_error      text NOT NULL DEFAULT '',
    sent_at         timestamptz,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL
);
CREATE INDEX outbox_due_idx ON outbox (next_attempt_at, id) WHERE status = 'pending';
CREATE INDEX outbox_status_idx ON outbox (status, id DESC);

-- The kinds of notice a person has asked not to receive by e-mail (they stay in the app).
CREATE TABLE notification_email_off (
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind    text NOT NULL CHECK (kind IN ('consultation_opened', 'consultation_due_soon',
                'consultation_due_tomorrow', 'consultation_overdue', 'overdue_digest',
                'consultation_answered', 'consultation_sent_back', 'brief_review_requested',
                'brief_review_again', 'brief_verdict', 'brief_approved', 'brief_finalised',
                'brief_final_available', 'account_created', 'password_reset')),
    PRIMARY KEY (user_id, kind)
);
