INSERT INTO agenda_imports (id, session_id, user_id, filename, rows, created_at)
SELECT p.token, (p.payload ->> 'session_id')::bigint, p.user_id, coalesce(p.payload ->> 'filename', ''),
       coalesce(p.payload -> 'rows', '[]'::jsonb), p.created_at
FROM pending_uploads p
WHERE p.kind = 'agenda_import'
  AND EXISTS (SELECT 1 FROM sessions s WHERE s.id = (p.payload ->> 'session_id')::bigint);

INSERT INTO consultation_uploads (id, user_id, ministry_id, filename, rows, created_at)
SELECT p.token, p.user_id, (p.payload ->> 'ministry_id')::bigint, coalesce(p.payload ->> 'filename', ''),
       coalesce(p.payload -> 'rows', '[]'::jsonb), p.created_at
FROM pending_uploads p
WHERE p.kind = 'consultation_tracker'
  AND (p.payload ->> 'ministry_id' IS NULL
       OR EXISTS (SELECT 1 FROM ministries m WHERE m.id = (p.payload ->> 'ministry_id')::bigint));

DROP TABLE IF EXISTS pending_uploads;
