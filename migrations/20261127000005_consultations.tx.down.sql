DROP TABLE IF EXISTS consultations;
