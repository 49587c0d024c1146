DROP TABLE IF EXISTS consultation_uploads;
DROP TABLE IF EXISTS consultations;
