-- framework: typeorm
-- state: healthy
-- applied: CreateUser1704110400000, AddPhone1707989400000

-- `typeorm migration:run`: one row per migration class, with the timestamp
-- taken from the last 13 characters of its name.
CREATE TABLE "migrations" ("id" SERIAL NOT NULL, "timestamp" bigint NOT NULL, "name" character varying NOT NULL, CONSTRAINT "PK_8c82d7f526340ab734260ea46be" PRIMARY KEY ("id"));
INSERT INTO "migrations"("timestamp", "name") VALUES (1704110400000, 'CreateUser1704110400000');
INSERT INTO "migrations"("timestamp", "name") VALUES (1707989400000, 'AddPhone1707989400000');

CREATE TABLE "user" ("id" SERIAL NOT NULL, "email" character varying NOT NULL, "phone" character varying, CONSTRAINT "PK_cace4a159ff9f2512dd42373760" PRIMARY KEY ("id"));
