DROP TABLE IF EXISTS notification_email_off;
DROP TABLE IF EXISTS outbox;
DROP TABLE IF EXISTS notifications;
