DROP TABLE secrets;
DROP TABLE login_failures;
