DROP TABLE IF EXISTS agenda_imports;
