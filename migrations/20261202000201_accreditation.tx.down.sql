DROP TABLE member_accreditations;
DROP TABLE organisations;
